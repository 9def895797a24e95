"""Exports of a survey's responses and summary: tables built here, written by exporter plugins."""
from .build import FILTERED_SUFFIX, PUBLICATION_SUFFIX, Column, Export, QuestionBlock, Table, fraction
from .columns import FlagCells, LabelCell, NumberCell, TextCell
from .cells import CELL_MAX_CHARS, SHEET_MAX_ROWS, csv_text, cut_text
from .exporter import Exporter, ExportError, exporters, get_exporter, write_file

__all__ = ["FILTERED_SUFFIX", "PUBLICATION_SUFFIX", "CELL_MAX_CHARS", "SHEET_MAX_ROWS", "Column", "Export",
           "ExportError", "Exporter", "FlagCells", "LabelCell", "NumberCell", "QuestionBlock", "Table", "TextCell",
           "csv_text", "cut_text", "exporters", "fraction", "get_exporter", "write_file"]
