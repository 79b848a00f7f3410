"""Text formats shared by the model's field metadata, the JSON Schema and the fast decoder."""

DECIMAL_PATTERN = r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$"
NON_NEGATIVE_DECIMAL_PATTERN = r"^(0|[1-9][0-9]*)(\.[0-9]+)?$"
DATE_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
DICT_KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
