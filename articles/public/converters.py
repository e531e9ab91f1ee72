"""URL converters for story addresses: /2025/03/03/slug/ with zero-padded month and day."""


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return f"{int(value):04d}"


class TwoDigitConverter:
    """Reads ``3`` and ``03`` alike (old links keep working); always writes ``03``."""

    regex = "[0-9]{1,2}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return f"{int(value):02d}"
