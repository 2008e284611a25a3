/**
 * `@tensorflow/tfjs-core` with its CPU backend: the same op API as tfjs-node-gpu, installable here.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

// IS_TEST silences tfjs' "install the node backend" banner.
tf.env().set('IS_TEST', true);

/** The tfjs module with the 'cpu' backend active. */
export async function tfjsCpu(): Promise<typeof tf> {
  await tf.setBackend('cpu');
  return tf;
}
