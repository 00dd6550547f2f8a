"""govfoi: parse and check Chinese government information-disclosure annual reports.

    >>> import govfoi
    >>> corpus = govfoi.read_reports("data/raw")          # five frames: reports, disclosure, applications, ...
    >>> rates = govfoi.metrics(corpus)                     # one row per report, rates with Wilson intervals
"""

__version__ = "0.1.0"

from govfoi.batch import read_reports
from govfoi.corpus import Corpus
from govfoi.metrics import metrics, refusal_mix
from govfoi.report import Report, parse_report

__all__ = ["__version__", "Corpus", "Report", "metrics", "parse_report", "read_reports", "refusal_mix"]
