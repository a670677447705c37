"""Page → IR: recognises API parts by role and language labels, never by syntax."""

from generator.extract.operation import extract_operation

__all__ = ["extract_operation"]
