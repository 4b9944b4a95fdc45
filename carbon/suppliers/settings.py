"""The organisation's supplier settings (`suppliers:` in organisation.yaml): the folder that
keeps the requests' status, and each supplier's language for its letter."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from carbon.errors import InputError
from carbon.readers.settings import Organisation

LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True)
class SupplierSettings:
    """Where the status file is, the default letter language and each supplier's own."""

    folder: Path
    language: str
    languages: dict[str, str] = field(default_factory=dict)

    @property
    def status_file(self) -> Path:
        """The file keeping each supplier's request status per year."""
        return self.folder / "status.yaml"

    def language_of(self, supplier_id: str) -> str:
        """The language a supplier is written to: its own setting, else the organisation's."""
        return self.languages.get(supplier_id, self.language)


def supplier_settings(org: Organisation) -> SupplierSettings:
    """`suppliers: {folder: suppliers, languages: {"1234567-8": sv}}` (both optional)."""
    raw = org.raw.get("suppliers") or {}
    if not isinstance(raw, dict):
        raise InputError(org.file, "suppliers must be a mapping of settings", key="suppliers",
                         code="section_not_mapping")
    folder = raw.get("folder", "suppliers")
    if not isinstance(folder, str) or not folder:
        raise InputError(org.file, "suppliers.folder must be a folder name",
                         key="suppliers.folder", code="supplier_folder_invalid")
    languages = raw.get("languages") or {}
    if not isinstance(languages, dict):
        raise InputError(org.file, "suppliers.languages must map business ids to fi, sv or en",
                         key="suppliers.languages", code="supplier_languages_invalid")
    for sid, lang in languages.items():
        if lang not in LANGUAGES:
            raise InputError(org.file, f"the language of supplier {sid} is {lang!r}, not one of "
                             f"{', '.join(LANGUAGES)}", key=f"suppliers.languages.{sid}",
                             code="supplier_language_unknown",
                             params={"supplier": sid, "value": repr(lang),
                                     "known": ", ".join(LANGUAGES)})
    default = org.language if org.language in LANGUAGES else "fi"
    return SupplierSettings(org.path(folder), default,
                            {str(k).strip(): str(v) for k, v in languages.items()})
