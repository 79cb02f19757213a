"""Plain records read from an export, and the report an import prints.

Readers (`wordpress`, `ghost`) produce these; `writer` consumes them. Keeping them
free of Django models lets a reader be tested alone and a dry run share every step
with the real import.
"""

import hashlib
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime


class ImportFormatError(Exception):
    """The file is not a readable export of the expected kind; nothing was imported."""


@dataclass
class PersonRecord:
    source_id: str
    name: str
    slug: str
    email: str = ""
    bio: str = ""
    photo_url: str = ""
    old_paths: list[str] = field(default_factory=list)


@dataclass
class TermRecord:
    """A category or tag. `kind` is "section" (our sections) or "tag"."""

    kind: str
    source_id: str
    name: str
    slug: str
    description: str = ""
    old_paths: list[str] = field(default_factory=list)


@dataclass
class ImageRecord:
    url: str
    alt: str = ""
    caption: str = ""
    credit: str = ""


@dataclass
class PostRecord:
    source_id: str
    title: str
    slug: str
    body_html: str
    excerpt: str = ""
    status: str = ""  # one of Article.Status, or "" with skip_reason
    skip_reason: str = ""
    publish_at: datetime | None = None
    authors: list[PersonRecord] = field(default_factory=list)  # in byline order
    section: TermRecord | None = None
    tags: list[TermRecord] = field(default_factory=list)
    lead_image: ImageRecord | None = None
    old_paths: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"“{self.title or self.slug}” (id {self.source_id})"

    def fingerprint(self) -> str:
        data = asdict(self)
        data["publish_at"] = self.publish_at.isoformat() if self.publish_at else None
        encoded = json.dumps(data, sort_keys=True, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()


GROUP_ABOVE = 25


@dataclass
class ImportReport:
    """Counts by kind of what was created, updated and left unchanged; every skipped
    item with its reason; warnings. Also the preview of a dry run."""

    dry_run: bool = False
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    articles: list[tuple[str, str, str]] = field(default_factory=list)  # action, status, headline
    # Names of the image files imported bodies and lead images refer to.
    referenced_files: set[str] = field(default_factory=set)

    def count(self, action: str, kind: str) -> None:
        getattr(self, action)[kind] += 1

    def skip(self, label: str, reason: str) -> None:
        self.skipped.append((label, reason))

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def lines(self) -> list[str]:
        lines = ["Dry run: nothing was saved." if self.dry_run else "Import finished."]
        for action in ("created", "updated", "unchanged"):
            counts = getattr(self, action)
            if counts:
                parts = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
                label = f"would be {action}" if self.dry_run else action
                lines.append(f"{label.capitalize()}: {parts}")
        lines.append(f"Skipped: {len(self.skipped)}")
        lines.extend(self.skipped_lines())
        lines.append(f"Warnings: {len(self.warnings)}")
        lines.extend(f"  - {warning}" for warning in self.warnings)
        return lines

    def skipped_lines(self) -> list[str]:
        """One line per skipped item, except that many items skipped for one reason
        (a site's menu items, say) are summed up in one line."""
        by_reason = Counter(reason for _, reason in self.skipped)
        lines, summed = [], set()
        for label, reason in self.skipped:
            if by_reason[reason] > GROUP_ABOVE:
                if reason not in summed:
                    summed.add(reason)
                    lines.append(f"  - {by_reason[reason]} items: {reason}")
            else:
                lines.append(f"  - {label}: {reason}")
        return lines

    def as_json(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "created": dict(self.created),
            "updated": dict(self.updated),
            "unchanged": dict(self.unchanged),
            "skipped": [list(item) for item in self.skipped],
            "warnings": list(self.warnings),
            "articles": [list(item) for item in self.articles],
        }
