"""Reading a file: bytes → text lines with their source positions (decoding, HTML, DOCX, PDF, OCR), within
the per-file time and memory budgets, and the metadata a folder's manifest.csv gives each file.
"""
