"""Defaults that light modules (the command line) share with heavy ones (Parquet)."""

#: Reports per Arrow batch when converting and writing.
DEFAULT_BATCH_SIZE = 1000

#: Default size limit of one document, in bytes.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
