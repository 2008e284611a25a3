/**
 * Data format: layers support channels_last (NHWC) only, with a clear error otherwise.
 */

/** The `dataFormat` option of spatial layers. */
export interface DataFormatOptions {
  /** Only 'channels_last' (the default) is supported. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
}

/** Throws when `dataFormat` is anything but channels_last (or unset). */
export function checkChannelsLast(dataFormat: string | null | undefined, className: string): void {
  if (dataFormat !== undefined && dataFormat !== null && dataFormat !== 'channels_last') {
    throw new Error(`${className}: dataFormat '${dataFormat}' is not supported; only 'channels_last' is. Transpose your data to channels-last (batch, ..., channels).`);
  }
}
