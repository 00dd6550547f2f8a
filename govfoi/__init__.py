"""govfoi: parse and check Chinese government information-disclosure annual reports."""

from govfoi.report import Report, parse_report

__all__ = ["Report", "parse_report"]
