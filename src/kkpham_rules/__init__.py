"""Score Indonesia's Kabupaten/Kota Peduli HAM criteria, with a trace to the law.

The evaluation path, top-down:

* :func:`evaluate` (:mod:`.engine`) takes a :class:`Submission`
  (:mod:`.submission`) and a regulation, and returns an :class:`Evaluation`
  (:mod:`.result`);
* regulations are :class:`Regulation` values (:mod:`.model`, scoring rules in
  :mod:`.rules`), provided by plugins found through entry points
  (:mod:`.registry`) and built from validated data files (:mod:`.loader`);
* every error is a :class:`KkphamError` (:mod:`.errors`);
* beyond one evaluation: :func:`compare` across versions through crosswalks
  (:mod:`.compare`, :mod:`.crosswalk`), audit records and :func:`verify`
  (:mod:`.audit`), and :func:`explain` (:mod:`.explain`);
* policy what-ifs: variants as data (:mod:`.variants`), :func:`simulate` and
  :func:`evaluate_cohort` over a cohort (:mod:`.simulate`, :mod:`.cohort`), with
  an array path (:mod:`.fast`), sensitivity (:mod:`.sensitivity`), charts
  (:mod:`.charts`) and synthetic cohorts (:mod:`.synth`).

>>> import kkpham_rules
>>> evaluation = kkpham_rules.evaluate({
...     "region": {"code": "72.71", "name": "Kota Palu"},
...     "assessment_year": 2022,
...     "dimensions": {right.id: {"struktur": 100, "proses": 100, "hasil": 90}
...                    for right in kkpham_rules.get_regulation("22/2021").rights},
... })
>>> evaluation.total_score, evaluation.category.label_id
('94.00', 'Peduli HAM')
"""

from ._version import __version__
from .audit import AuditRecord, Verification, load_record, make_record, verify
from .compare import Comparison, compare, compare_cohort
from .engine import evaluate
from .errors import (
    InputError,
    KkphamError,
    NoRegulationInForceError,
    PluginError,
    Problem,
    RegulationNotFoundError,
    SubmissionError,
)
from .explain import explain
from .model import Category, Citation, Dimension, Indicator, Regulation, Right, Scoring
from .registry import (
    Registry,
    available_regulations,
    get_regulation,
    regulation_in_force,
)
from .result import Evaluation
from .simulate import Simulation, evaluate_cohort, simulate
from .submission import Submission, load_submission, parse_submission
from .variants import Variant, load_variant

__all__ = [
    "AuditRecord",
    "Category",
    "Citation",
    "Comparison",
    "Dimension",
    "Evaluation",
    "Indicator",
    "InputError",
    "KkphamError",
    "NoRegulationInForceError",
    "PluginError",
    "Problem",
    "Registry",
    "Regulation",
    "RegulationNotFoundError",
    "Right",
    "Scoring",
    "Simulation",
    "Submission",
    "SubmissionError",
    "Variant",
    "Verification",
    "__version__",
    "available_regulations",
    "compare",
    "compare_cohort",
    "evaluate",
    "evaluate_cohort",
    "explain",
    "get_regulation",
    "load_record",
    "load_submission",
    "load_variant",
    "make_record",
    "parse_submission",
    "regulation_in_force",
    "simulate",
    "verify",
]
