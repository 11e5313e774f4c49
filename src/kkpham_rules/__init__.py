"""Score Indonesia's Kabupaten/Kota Peduli HAM criteria, with a trace to the law.

The evaluation path, top-down:

* :func:`evaluate` (:mod:`.engine`) takes a :class:`Submission`
  (:mod:`.submission`) and a regulation, and returns an :class:`Evaluation`
  (:mod:`.result`);
* regulations are :class:`Regulation` values (:mod:`.model`, scoring rules in
  :mod:`.rules`), provided by plugins found through entry points
  (:mod:`.registry`) and built from validated data files (:mod:`.loader`);
* every error is a :class:`KkphamError` (:mod:`.errors`);
* every figure is computed by the regulation's compiled scoring plan
  (:mod:`.plan`), for one submission or, in arrays, for a whole cohort under
  many regulations at once (:mod:`.fast`);
* audit records and :func:`verify` (:mod:`.audit`), signed with
  :func:`sign_record` (:mod:`.signing`), :func:`explain` (:mod:`.explain`),
  people's messages (:mod:`.messages`).

Around that core, grouped by job:

* ``versions/``: :func:`compare` across regulation versions through crosswalks
  (:mod:`.versions.compare`, :mod:`.versions.crosswalk`);
* ``policy/``: what-ifs: variants as data (:mod:`.policy.variants`),
  :func:`simulate` and :func:`evaluate_cohort` (:mod:`.policy.simulate`),
  sensitivity (:mod:`.policy.sensitivity`), synthetic cohorts (:mod:`.policy.synth`);
* ``archive/``: audit records kept in a database, exactly as written, with each
  region's history (:class:`Archive`, :mod:`.archive`);
* ``files/``: one reader for every file (:mod:`.files.reading`), cohorts
  (:mod:`.files.cohort`), workbooks (:mod:`.files.spreadsheet`), exports,
  reports and charts, and the Kemendagri region codes (:mod:`.files.regions`).

Modules whose names start with ``_`` are private and may change without notice.

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

import importlib
import sys
import types
from typing import TYPE_CHECKING

from ._version import __version__

if TYPE_CHECKING:
    # what type checkers and readers see; at run time each name is imported on
    # first use (``__getattr__`` below), so ``import kkpham_rules`` stays cheap
    from .archive import Archive
    from .audit import AuditRecord, Verification, load_record, make_record, verify
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
    from .policy.simulate import Simulation, evaluate_cohort, simulate
    from .policy.variants import Variant, load_variant
    from .registry import (
        Registry,
        available_regulations,
        get_regulation,
        regulation_in_force,
    )
    from .result import Evaluation
    from .signing import (
        PublicKey,
        SigningKey,
        load_private_key,
        load_public_keys,
        new_key,
        sign_record,
    )
    from .submission import Submission, load_submission, parse_submission
    from .versions.compare import Comparison, compare, compare_cohort

__all__ = [
    "Archive",
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
    "PublicKey",
    "Registry",
    "Regulation",
    "RegulationNotFoundError",
    "Right",
    "Scoring",
    "SigningKey",
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
    "load_private_key",
    "load_public_keys",
    "load_record",
    "load_submission",
    "load_variant",
    "make_record",
    "new_key",
    "parse_submission",
    "regulation_in_force",
    "sign_record",
    "simulate",
    "verify",
]

_MODULE_OF: dict[str, str] = {
    "Archive": "archive",
    "AuditRecord": "audit",
    "Verification": "audit",
    "load_record": "audit",
    "make_record": "audit",
    "verify": "audit",
    "PublicKey": "signing",
    "SigningKey": "signing",
    "load_private_key": "signing",
    "load_public_keys": "signing",
    "new_key": "signing",
    "sign_record": "signing",
    "Comparison": "versions.compare",
    "compare": "versions.compare",
    "compare_cohort": "versions.compare",
    "evaluate": "engine",
    "InputError": "errors",
    "KkphamError": "errors",
    "NoRegulationInForceError": "errors",
    "PluginError": "errors",
    "Problem": "errors",
    "RegulationNotFoundError": "errors",
    "SubmissionError": "errors",
    "explain": "explain",
    "Category": "model",
    "Citation": "model",
    "Dimension": "model",
    "Indicator": "model",
    "Regulation": "model",
    "Right": "model",
    "Scoring": "model",
    "Registry": "registry",
    "available_regulations": "registry",
    "get_regulation": "registry",
    "regulation_in_force": "registry",
    "Evaluation": "result",
    "Simulation": "policy.simulate",
    "evaluate_cohort": "policy.simulate",
    "simulate": "policy.simulate",
    "Submission": "submission",
    "load_submission": "submission",
    "parse_submission": "submission",
    "Variant": "policy.variants",
    "load_variant": "policy.variants",
}
"""The module that defines each public name, imported on the name's first use."""

# A public function shares its name with the module that defines it (explain).
# Importing that module (``import kkpham_rules.explain``, or any library module
# doing ``from .explain import ...``) makes Python bind the module on this
# package under that name; the function must keep winning, as it did when this
# file imported every name eagerly.
_SHADOWED = frozenset({"explain"})


class _Package(types.ModuleType):
    """This package's module type: a submodule never replaces a public function."""

    def __setattr__(self, name: str, value: object) -> None:
        if (
            name in _SHADOWED
            and isinstance(value, types.ModuleType)
            and value.__name__ == f"{__name__}.{name}"
        ):
            return  # the import system binding the submodule; it stays in sys.modules
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


if not TYPE_CHECKING:
    # hidden from type checkers, which see the imports above instead: with a
    # module ``__getattr__`` in view they would type a misspelt name as object
    # rather than report it

    def __getattr__(name: str) -> object:
        """Return a public name, importing its module on first use (PEP 562)."""
        module = _MODULE_OF.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        globals()[name] = value  # later lookups are plain attribute reads
        return value


def __dir__() -> list[str]:
    """Return the module's names, the not-yet-imported public ones included."""
    return sorted(set(globals()) | set(__all__))
