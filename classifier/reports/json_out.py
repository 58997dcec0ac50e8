"""Machine output: the scoring API's result as JSON, plus the source and the model.

Schema (stable): ``source``, ``model`` {``name``, ``version``}, ``score``, ``verdict``,
``reasons`` [{``signal``, ``category``, ``polarity``, ``title``, ``why``, ``tip``, ``weight``,
``spans`` [{``start``, ``end``, ``text``}], ``mistake``}], ``ad_marking`` {``present``,
``needed``, ``warning``, ``spans``, ``parts`` {``label``, ``advertiser``, ``erid``: {``present``,
``spans``}}, ``missing``, ``problems``, ``flagged``}, ``warnings``; a file that could not be checked gives
``source`` and ``error`` only.
"""

from __future__ import annotations


def model_record(model_name: str) -> dict:
    name, _, version = model_name.partition(" ")
    return {"name": name, "version": version or None}


def result_record(result, source: str, model_name: str) -> dict:  # noqa: ANN001 - Result
    data = result.to_dict()
    data.pop("model", None)
    return {"source": source, "model": model_record(model_name), **data}


def draft_record(outcome, model_name: str) -> dict:  # noqa: ANN001 - DraftOutcome
    if outcome.error is not None:
        return {"source": outcome.source, "error": outcome.error}
    record = result_record(outcome.result, outcome.source, model_name)
    if outcome.draft is not None:
        record["encoding"] = outcome.draft.encoding
        record["warnings"] = [*outcome.draft.warnings, *record["warnings"]]
    return record
