__version__ = "0.1.0"

#: Version of the data schema; independent of the package version.
SCHEMA_VERSION = "1.1.0"
