"""Page → IR: recognises API parts by role and language labels, never by syntax."""

from generator.extract.docset import Extraction, extract_docset
from generator.extract.operation import PageExtraction, extract_page

__all__ = ["Extraction", "PageExtraction", "extract_docset", "extract_page"]
