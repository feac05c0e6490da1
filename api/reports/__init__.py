"""The orders reports as files: a CSV for spreadsheets and an A4 PDF, both in French."""
