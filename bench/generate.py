"""Deterministic generator of realistic synthetic Prisma schemas, for benchmarks.

``generate_schema(models, seed)`` returns the text of one PostgreSQL schema in
Prisma 7 style (a ``datasource`` without ``url``) with ``models`` models,
about one enum per ten models and about 14 lines per model. Everything it
writes is meant to be accepted by Prisma itself:

* ids: ``String @id @default(cuid())``, ``@default(uuid()) @db.Uuid``,
  ``Int``/``BigInt @id @default(autoincrement())`` and composite ``@@id``;
* scalars of every type, optional and list, with native types
  (``@db.VarChar(n)``, ``@db.Text``, ``@db.Decimal(p, s)``, …) and defaults;
* relations of every kind, each with its back-relation field on the other
  model: 1:N (required or optional FK, with referential actions), 1:1 (FK
  with ``@unique``), composite foreign keys to composite ids, self relations
  (a named tree, a named self N:M), implicit N:M and explicit join models;
  a relation is named whenever another one joins the same pair of models;
* ``@@index``, ``@@unique``, ``@unique``, ``@map``/``@@map`` (snake_case),
  ``///`` doc comments and ``//`` comments.

Command line: ``python -m bench.generate N [-o FILE] [--seed S]``.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

from analysis.model.schema import SCALARS

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

_PREFIXES = (
    "Account", "Admin", "Analytics", "Api", "App", "Asset", "Audit", "Billing", "Blog",
    "Booking", "Brand", "Budget", "Calendar", "Campaign", "Catalog", "Channel", "Chat",
    "Checkout", "Client", "Cloud", "Content", "Contract", "Course", "Crm", "Customer",
    "Data", "Delivery", "Device", "Document", "Email", "Event", "Expense", "Feature",
    "Finance", "Fleet", "Forum", "Grant", "Health", "Hr", "Identity", "Import", "Insurance",
    "Inventory", "Job", "Knowledge", "Lab", "Learning", "Legal", "Loyalty", "Market",
    "Media", "Member", "Network", "Order", "Partner", "Payment", "Payroll", "Platform",
    "Portal", "Pricing", "Product", "Project", "Property", "Purchase", "Quality", "Report",
    "Retail", "Sales", "Search", "Security", "Service", "Shipping", "Shop", "Social",
    "Store", "Studio", "Subscription", "Supplier", "Support", "Survey", "Task", "Tax",
    "Team", "Tenant", "Ticket", "Travel", "Vendor", "Video", "Warehouse", "Web",
    "Workflow", "Workspace",
)  # fmt: skip

_NOUNS = (
    "Account", "Activity", "Address", "Agent", "Alert", "Allocation", "Answer", "Approval",
    "Article", "Assignment", "Attachment", "Attempt", "Badge", "Balance", "Batch", "Bid",
    "Booking", "Bundle", "Category", "Certificate", "Change", "Charge", "Check", "Claim",
    "Comment", "Condition", "Connection", "Contact", "Credit", "Cycle", "Deal", "Delivery",
    "Deposit", "Discount", "Draft", "Entry", "Estimate", "Export", "Feedback", "File",
    "Folder", "Goal", "Group", "Incident", "Invite", "Invoice", "Issue", "Item", "Key",
    "Label", "Lead", "Ledger", "License", "Line", "Link", "Listing", "Location", "Log",
    "Member", "Message", "Metric", "Milestone", "Note", "Notification", "Offer", "Option",
    "Owner", "Package", "Page", "Payout", "Period", "Permission", "Plan", "Policy", "Post",
    "Preference", "Profile", "Quota", "Quote", "Rate", "Receipt", "Record", "Refund",
    "Region", "Request", "Reservation", "Resource", "Response", "Review", "Reward", "Role",
    "Rule", "Schedule", "Score", "Section", "Segment", "Session", "Setting", "Shift",
    "Signal", "Slot", "Snapshot", "Source", "Stage", "Statement", "Step", "Tag", "Target",
    "Template", "Term", "Thread", "Token", "Topic", "Transaction", "Transfer", "Unit",
    "Upload", "Usage", "Version", "Visit", "Voucher", "Webhook", "Window", "Zone",
)  # fmt: skip

# Names Prisma or the generated client reserve, and the scalar type names.
_RESERVED = {"Prisma", "PrismaClient", "Unsupported", *SCALARS}

_ROLES = ("owner", "author", "assignee", "reviewer", "approver", "creator", "editor",
          "manager", "source", "target", "requester", "handler")

# (suffix, values) for enums; the first value is the usual default.
_ENUM_KINDS = (
    ("Status", ("ACTIVE", "INACTIVE", "PENDING", "ARCHIVED", "DELETED")),
    ("State", ("DRAFT", "SUBMITTED", "IN_REVIEW", "APPROVED", "REJECTED", "CANCELLED")),
    ("Type", ("STANDARD", "PREMIUM", "INTERNAL", "EXTERNAL", "TRIAL")),
    ("Role", ("MEMBER", "ADMIN", "OWNER", "VIEWER", "GUEST")),
    ("Priority", ("NORMAL", "LOW", "HIGH", "URGENT")),
    ("Visibility", ("PRIVATE", "PUBLIC", "UNLISTED", "TEAM")),
    ("Channel", ("EMAIL", "SMS", "PUSH", "WEBHOOK", "IN_APP", "SLACK")),
    ("Frequency", ("MONTHLY", "DAILY", "WEEKLY", "QUARTERLY", "YEARLY")),
    ("Kind", ("DEFAULT", "SYSTEM", "CUSTOM", "IMPORTED")),
    ("Level", ("INFO", "DEBUG", "WARN", "ERROR", "FATAL")),
)

# Scalar field templates: (name, type, modifier, attributes). Every scalar
# type and the common native types appear.
_SCALARS: tuple[tuple[str, str, str, str], ...] = (
    ("name", "String", "", "@db.VarChar(255)"),
    ("title", "String", "", "@db.VarChar(200)"),
    ("slug", "String", "", "@unique @db.VarChar(120)"),
    ("email", "String", "", "@unique"),
    ("code", "String", "", "@db.VarChar(32)"),
    ("label", "String", "?", ""),
    ("description", "String", "?", "@db.Text"),
    ("body", "String", "", "@db.Text"),
    ("notes", "String", "?", "@db.Text"),
    ("url", "String", "?", "@db.VarChar(2048)"),
    ("externalId", "String", "?", "@unique"),
    ("currency", "String", "", '@default("USD") @db.Char(3)'),
    ("locale", "String", "", '@default("en")'),
    ("timezone", "String", "", '@default("UTC") @db.VarChar(64)'),
    ("color", "String", "?", "@db.VarChar(7)"),
    ("keywords", "String", "[]", ""),
    ("aliases", "String", "[]", "@default([])"),
    ("quantity", "Int", "", "@default(0)"),
    ("position", "Int", "", "@default(0)"),
    ("version", "Int", "", "@default(1)"),
    ("retryCount", "Int", "", "@default(0) @db.SmallInt"),
    ("durationSeconds", "Int", "?", ""),
    ("ratings", "Int", "[]", ""),
    ("sizeBytes", "BigInt", "", "@default(0)"),
    ("viewCount", "BigInt", "", "@default(0)"),
    ("sequence", "BigInt", "?", ""),
    ("score", "Float", "", "@default(0)"),
    ("latitude", "Float", "?", ""),
    ("longitude", "Float", "?", ""),
    ("weights", "Float", "[]", ""),
    ("amount", "Decimal", "", "@db.Decimal(10, 2)"),
    ("price", "Decimal", "", "@default(0) @db.Decimal(12, 2)"),
    ("taxRate", "Decimal", "?", "@db.Decimal(5, 4)"),
    ("isActive", "Boolean", "", "@default(true)"),
    ("isArchived", "Boolean", "", "@default(false)"),
    ("verified", "Boolean", "", "@default(false)"),
    ("enabled", "Boolean", "?", ""),
    ("publishedAt", "DateTime", "?", ""),
    ("expiresAt", "DateTime", "?", "@db.Timestamptz(6)"),
    ("startsAt", "DateTime", "", "@default(now())"),
    ("deletedAt", "DateTime", "?", ""),
    ("lastSeenAt", "DateTime", "?", "@db.Timestamp(3)"),
    ("metadata", "Json", "?", ""),
    ("settings", "Json", "", '@default("{}")'),
    ("payload", "Json", "", ""),
    ("checksum", "Bytes", "?", ""),
    ("content", "Bytes", "", ""),
)

_FIELD_DOCS = (
    "Shown to end users.", "Set by the importer; never edited by hand.",
    "Kept for audit purposes.", "Null until the first sync.", "In the account's currency.",
    "Denormalised for fast listing.", "Free-form; validated by the API layer.",
)  # fmt: skip
_MODEL_DOCS = (
    "One row per {w}.", "A {w} as seen by the billing pipeline.",
    "Created by the API, never deleted: archived instead.", "Owned by a single tenant.",
    "Synchronised nightly from the upstream system.", "Read-heavy; see the listing indexes.",
)  # fmt: skip
_COMMENTS = (
    "TODO: backfill before making this required", "legacy column, keep until v3",
    "see docs/data-model.md", "indexed below", "set by a trigger", "denormalised",
)  # fmt: skip

_NOTES = (
    "Listing queries filter by these.", "Keep in sync with the reporting views.",
    "Unique per tenant, enforced here rather than in the API.",
)  # fmt: skip

# (attributes after the type, FK type, FK native attribute) per id kind.
_ID_KINDS = {
    "cuid": ("String", "@id @default(cuid())", ""),
    "uuid": ("String", "@id @default(uuid()) @db.Uuid", "@db.Uuid"),
    "dbuuid": ("String", '@id @default(dbgenerated("gen_random_uuid()")) @db.Uuid', "@db.Uuid"),
    "int": ("Int", "@id @default(autoincrement())", ""),
    "bigint": ("BigInt", "@id @default(autoincrement())", ""),
}

# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def _camel(name: str) -> str:
    return name[0].lower() + name[1:]


def _cap(name: str) -> str:
    return name[0].upper() + name[1:]


def _plural(word: str) -> str:
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"


@dataclass
class _Relation:
    """One relation between two models; its name is decided once all exist."""

    a: str  # the model holding the FK (or the first list side for N:M)
    b: str
    kind: str  # "1:N", "1:1", "self-tree", "self-n:m", "n:m"
    name: str | None = None


@dataclass
class _Field:
    name: str
    type: str
    modifier: str = ""
    attrs: str = ""
    db_name: str | None = None  # @map, for scalars of mapped models
    doc: str | None = None
    comment: str | None = None
    relation: _Relation | None = None
    relation_args: str = ""  # "fields: [...], references: [...], onDelete: …"
    scalar: bool = True


@dataclass
class _Model:
    name: str
    id_fields: list[tuple[str, str, str]]  # (name, type, native attr) of the primary key
    mapped: bool
    doc: str | None = None
    note: str | None = None  # a `//` comment line above the block attributes
    head: list[_Field] = field(default_factory=list)  # ids, scalars, FKs, timestamps
    relations: list[_Field] = field(default_factory=list)  # FK side relation fields
    backs: list[_Field] = field(default_factory=list)  # back-relation fields
    block_attrs: list[str] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    indexed: set[tuple[str, ...]] = field(default_factory=set)
    parent_roles: dict[str, int] = field(default_factory=dict)

    def unique_name(self, base: str) -> str:
        name, n = base, 2
        while name in self.used:
            name = f"{base}{n}"
            n += 1
        self.used.add(name)
        return name

    @property
    def single_id(self) -> bool:
        return len(self.id_fields) == 1


@dataclass
class _Enum:
    name: str
    values: tuple[str, ...]
    mapped: bool
    value_maps: bool
    doc: str | None


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------


class _Generator:
    def __init__(self, count: int, seed: int) -> None:
        self.count = count
        self.rng = Random(seed)
        self.seed = seed
        self.types: set[str] = set(_RESERVED)
        self.tables: set[str] = set()
        self.models: list[_Model] = []
        self.by_name: dict[str, _Model] = {}
        self.enums: list[_Enum] = []
        self.relations: list[_Relation] = []
        self.enum_slots: dict[int, list[_Enum]] = {}
        self._note: str | None = None

    # -- names --------------------------------------------------------------

    def _type_name(self) -> str:
        rng = self.rng
        for _ in range(12):
            if rng.random() < 0.15:
                name = rng.choice(_NOUNS)
            else:
                prefix, noun = rng.choice(_PREFIXES), rng.choice(_NOUNS)
                if prefix == noun:
                    continue
                name = prefix + noun
            if name not in self.types:
                self.types.add(name)
                return name
        base = rng.choice(_PREFIXES) + rng.choice(_NOUNS)
        n = 2
        while f"{base}{n}" in self.types:
            n += 1
        self.types.add(f"{base}{n}")
        return f"{base}{n}"

    def _table_name(self, model: str) -> str:
        parts = _snake(model).split("_")
        base = "_".join([*parts[:-1], _plural(parts[-1])])
        name, n = base, 2
        while name.lower() in self.tables:
            name = f"{base}_{n}"
            n += 1
        self.tables.add(name.lower())
        return name

    # -- enums --------------------------------------------------------------

    def make_enums(self) -> None:
        rng = self.rng
        for i in range(max(1, self.count // 10)):
            suffix, values = rng.choice(_ENUM_KINDS)
            name = ""
            for _ in range(20):
                candidate = rng.choice(_PREFIXES) + suffix
                if candidate not in self.types:
                    name = candidate
                    break
            if not name:
                n = 2
                while f"{rng.choice(_PREFIXES)}{suffix}{n}" in self.types:
                    n += 1
                name = f"{rng.choice(_PREFIXES)}{suffix}{n}"
            self.types.add(name)
            size = rng.randint(3, len(values))
            enum = _Enum(
                name,
                values[:size],
                mapped=rng.random() < 0.25,
                value_maps=rng.random() < 0.15,
                doc=f"{suffix} of a {_snake(name).replace('_', ' ')}." if rng.random() < 0.4
                else None,
            )
            self.enums.append(enum)
            # Declared among the models that use it, as in real schemas.
            self.enum_slots.setdefault(min(i * 10, self.count - 1), []).append(enum)

    def _nearby_enum(self, index: int) -> _Enum:
        center = index // 10
        lo, hi = max(0, center - 3), min(len(self.enums) - 1, center + 3)
        return self.enums[self.rng.randint(lo, hi)]

    # -- models -------------------------------------------------------------

    def make_models(self) -> None:
        rng = self.rng
        kinds: list[str] = []
        for i in range(self.count):
            roll = rng.random()
            if i < 4:
                kinds.append("entity")
            elif roll < 0.07:
                kinds.append("join")
            elif roll < 0.11:
                kinds.append("composite")
            else:
                kinds.append("entity")
        for i, kind in enumerate(kinds):
            name = self._type_name()
            mapped = rng.random() < 0.3
            doc = None
            if rng.random() < 0.25:
                doc = rng.choice(_MODEL_DOCS).format(w=_snake(name).replace("_", " "))
            self._note = rng.choice(_NOTES) if rng.random() < 0.12 else None
            if kind == "join":
                self._join_model(name, mapped, doc, i)
            elif kind == "composite":
                self._composite_model(name, mapped, doc, i)
            else:
                self._entity_model(name, mapped, doc, i)

    def _add(self, model: _Model) -> None:
        model.note = self._note
        self.models.append(model)
        self.by_name[model.name] = model

    def _scalar(self, model: _Model, template: tuple[str, str, str, str]) -> _Field | None:
        name, typ, modifier, attrs = template
        if name in model.used:
            return None
        model.used.add(name)
        f = _Field(name, typ, modifier, attrs)
        if self.rng.random() < 0.04:
            f.doc = self.rng.choice(_FIELD_DOCS)
        elif self.rng.random() < 0.05:
            f.comment = self.rng.choice(_COMMENTS)
        return f

    def _timestamps(self, model: _Model, updated: bool = True) -> None:
        model.used.add("createdAt")
        model.head.append(_Field("createdAt", "DateTime", "", "@default(now())"))
        if updated:
            model.used.add("updatedAt")
            model.head.append(_Field("updatedAt", "DateTime", "", "@updatedAt"))

    def _entity_model(self, name: str, mapped: bool, doc: str | None, index: int) -> None:
        rng = self.rng
        id_kind = rng.choices(list(_ID_KINDS), weights=(45, 15, 5, 28, 7))[0]
        typ, id_attrs, native = _ID_KINDS[id_kind]
        model = _Model(name, [("id", typ, native)], mapped, doc)
        model.used.add("id")
        model.head.append(_Field("id", typ, "", id_attrs))
        self._add(model)
        # Scalars: most models are small, a few are wide.
        n_scalars = rng.choices((0, 1, 2, 3, 4, 6, 9), weights=(28, 32, 22, 9, 5, 3, 1))[0]
        for template in rng.sample(_SCALARS, n_scalars):
            f = self._scalar(model, template)
            if f:
                model.head.append(f)
        if self.enums and rng.random() < 0.45:
            enum = self._nearby_enum(index)
            base = _camel(enum.name[len(_common_prefix(enum.name)) :])
            if rng.random() < 0.15:
                fname = model.unique_name(_plural(base))
                model.head.append(_Field(fname, enum.name, "[]", "@default([])"))
            else:
                fname = model.unique_name(base)
                opt = rng.random() < 0.2
                attrs = "" if opt else f"@default({enum.values[0]})"
                model.head.append(_Field(fname, enum.name, "?" if opt else "", attrs))
                if rng.random() < 0.4:
                    self._index(model, (fname,))
        # Relations to earlier models.
        if index > 0:
            n_parents = rng.choices((0, 1, 2, 3), weights=(28, 50, 18, 4))[0]
            for _ in range(n_parents):
                parent = self._pick_parent(index)
                if parent is not None:
                    self._one_to_many_or_one(model, parent)
        if rng.random() < 0.07:
            self._self_tree(model)
        if index > 2 and rng.random() < 0.05:
            other = self._pick_parent(index, single_id=True)
            if other is not None:
                self._implicit_many(model, other)
        if rng.random() < 0.01:
            self._self_many(model)
        if rng.random() < 0.85:
            self._timestamps(model, updated=rng.random() < 0.55)
        self._maybe_composite_unique(model)

    def _composite_model(self, name: str, mapped: bool, doc: str | None, index: int) -> None:
        """A per-owner keyed row: ``@@id([ownerId, key])``."""
        parent = self._pick_parent(index, single_id=True)
        if parent is None:
            self._entity_model(name, mapped, doc, index)
            return
        model = _Model(name, [], mapped, doc)
        self._add(model)
        fk_names = self._one_to_many_or_one(model, parent, kind="1:N", optional=False)
        key = model.unique_name("key")
        model.head.append(_Field(key, "String", "", "@db.VarChar(64)"))
        model.id_fields = [(fk_names[0], *parent.id_fields[0][1:]), (key, "String",
                                                                    "@db.VarChar(64)")]
        for template in self.rng.sample(_SCALARS, self.rng.randint(1, 3)):
            f = self._scalar(model, template)
            if f:
                model.head.append(f)
        self._timestamps(model)
        model.block_attrs = [a for a in model.block_attrs if a != f"@@index([{fk_names[0]}])"]
        model.block_attrs.insert(0, f"@@id([{fk_names[0]}, {key}])")

    def _join_model(self, name: str, mapped: bool, doc: str | None, index: int) -> None:
        """An explicit N:M join model with a composite primary key."""
        a = self._pick_parent(index, single_id=True)
        b = self._pick_parent(index, single_id=True)
        if a is None or b is None or a is b:
            self._entity_model(name, mapped, doc, index)
            return
        model = _Model(name, [], mapped, doc)
        self._add(model)
        fa = self._one_to_many_or_one(model, a, kind="1:N", optional=False, action="Cascade")
        fb = self._one_to_many_or_one(model, b, kind="1:N", optional=False, action="Cascade")
        model.id_fields = [(fa[0], *a.id_fields[0][1:]), (fb[0], *b.id_fields[0][1:])]
        model.block_attrs.insert(0, f"@@id([{fa[0]}, {fb[0]}])")
        model.indexed.add((fa[0],))
        model.block_attrs = [a for a in model.block_attrs if a != f"@@index([{fa[0]}])"]
        if self.enums and self.rng.random() < 0.4:
            enum = self._nearby_enum(index)
            model.head.append(_Field(model.unique_name("role"), enum.name, "",
                                     f"@default({enum.values[0]})"))
        self._timestamps(model, updated=False)

    def _pick_parent(self, index: int, single_id: bool = False) -> _Model | None:
        rng = self.rng
        candidates = self.models[:index]  # the models before this one
        if not candidates:
            return None
        for _ in range(10):
            if rng.random() < 0.25:
                parent = candidates[rng.randrange(min(25, len(candidates)))]
                cap = 40
            else:
                lo = max(0, len(candidates) - 60)
                parent = candidates[rng.randrange(lo, len(candidates))]
                cap = 10
            if single_id and not parent.single_id:
                continue
            if len(parent.backs) < cap:
                return parent
        return None

    def _one_to_many_or_one(self, model: _Model, parent: _Model, *, kind: str | None = None,
                            optional: bool | None = None, action: str | None = None) -> list[str]:
        """A relation from ``model`` (the FK side) to ``parent``; returns the FK names."""
        rng = self.rng
        if kind is None:
            kind = "1:1" if parent.single_id and rng.random() < 0.15 else "1:N"
        if optional is None:
            optional = rng.random() < 0.3
        seen = model.parent_roles.get(parent.name, 0)
        model.parent_roles[parent.name] = seen + 1
        if seen == 0:
            rel_name = model.unique_name(_camel(parent.name))
        else:
            rel_name = model.unique_name(rng.choice(_ROLES))
        fk_names: list[str] = []
        fk_fields: list[_Field] = []
        for id_name, id_type, native in parent.id_fields:
            suffix = "Id" if id_name == "id" else _cap(id_name)
            fk = model.unique_name(rel_name + suffix)
            fk_names.append(fk)
            attrs = " ".join(a for a in ("@unique" if kind == "1:1" else "", native) if a)
            fk_fields.append(_Field(fk, id_type, "?" if optional else "", attrs))
        model.head.extend(fk_fields)
        if action is None:
            if optional:
                action = rng.choices(("SetNull", "Cascade", "NoAction", None),
                                     weights=(6, 2, 1, 2))[0]
            else:
                action = rng.choices(("Cascade", "Restrict", None), weights=(6, 2, 2))[0]
        relation = _Relation(model.name, parent.name, kind)
        self.relations.append(relation)
        args = f"fields: [{', '.join(fk_names)}], references: " \
               f"[{', '.join(i[0] for i in parent.id_fields)}]"
        if action:
            args += f", onDelete: {action}"
        if rng.random() < 0.05:
            args += ", onUpdate: Cascade"
        model.relations.append(_Field(rel_name, parent.name, "?" if optional else "",
                                      relation=relation, relation_args=args, scalar=False))
        # The back-relation on the parent.
        back = _camel(model.name) if kind == "1:1" else _plural(_camel(model.name))
        if seen:
            back += "As" + _cap(rel_name)
        parent.backs.append(_Field(parent.unique_name(back), model.name,
                                   "?" if kind == "1:1" else "[]", relation=relation,
                                   scalar=False))
        if kind == "1:N" and rng.random() < 0.5:
            self._index(model, tuple(fk_names))
        return fk_names

    def _self_tree(self, model: _Model) -> None:
        id_name, id_type, native = model.id_fields[0]
        relation = _Relation(model.name, model.name, "self-tree", f"{model.name}Tree")
        self.relations.append(relation)
        fk = model.unique_name("parentId")
        model.head.append(_Field(fk, id_type, "?", native))
        model.relations.append(_Field(
            model.unique_name("parent"), model.name, "?", relation=relation,
            relation_args=f"fields: [{fk}], references: [{id_name}], onDelete: SetNull",
            scalar=False))
        model.backs.append(_Field(model.unique_name("children"), model.name, "[]",
                                  relation=relation, scalar=False))
        self._index(model, (fk,))

    def _self_many(self, model: _Model) -> None:
        relation = _Relation(model.name, model.name, "self-n:m", f"{model.name}Follows")
        self.relations.append(relation)
        model.backs.append(_Field(model.unique_name("followers"), model.name, "[]",
                                  relation=relation, scalar=False))
        model.backs.append(_Field(model.unique_name("following"), model.name, "[]",
                                  relation=relation, scalar=False))

    def _implicit_many(self, model: _Model, other: _Model) -> None:
        relation = _Relation(model.name, other.name, "n:m")
        self.relations.append(relation)
        model.relations.append(_Field(model.unique_name(_plural(_camel(other.name))),
                                      other.name, "[]", relation=relation, scalar=False))
        other.backs.append(_Field(other.unique_name(_plural(_camel(model.name))), model.name,
                                  "[]", relation=relation, scalar=False))

    def _index(self, model: _Model, fields: tuple[str, ...]) -> None:
        if fields in model.indexed:
            return
        model.indexed.add(fields)
        model.block_attrs.append(f"@@index([{', '.join(fields)}])")

    def _maybe_composite_unique(self, model: _Model) -> None:
        rng = self.rng
        fks = [f.name for f in model.head if f.name.endswith("Id") and f.name != "id"
               and not f.modifier and "@unique" not in f.attrs]
        names = [f.name for f in model.head if f.name in ("name", "code", "title", "label")]
        if fks and names and rng.random() < 0.5:
            model.block_attrs.append(f"@@unique([{fks[0]}, {names[0]}])")
        elif fks and rng.random() < 0.15 and "createdAt" in model.used:
            self._index(model, (fks[0], "createdAt"))

    # -- relation names -----------------------------------------------------

    def name_relations(self) -> None:
        pairs: dict[frozenset[str], list[_Relation]] = {}
        for r in self.relations:
            pairs.setdefault(frozenset((r.a, r.b)), []).append(r)
        used: set[str] = {r.name for r in self.relations if r.name}
        for group in pairs.values():
            if len(group) < 2:
                continue
            for r in group:
                if r.name:
                    continue
                fk_field = next(
                    (f for f in self.by_name[r.a].relations if f.relation is r), None)
                base = f"{r.a}{_cap(fk_field.name) if fk_field else r.b}"
                name, n = base, 2
                while name in used:
                    name = f"{base}{n}"
                    n += 1
                used.add(name)
                r.name = name

    # -- rendering ----------------------------------------------------------

    def render(self) -> str:
        out = [
            f"// Synthetic schema generated by bench/generate.py: {self.count} models, "
            f"seed {self.seed}.",
            "// Realistic shape for benchmarks; the data model itself means nothing.",
            "",
            "generator client {",
            '  provider = "prisma-client-js"',
            "}",
            "",
            "datasource db {",
            '  provider = "postgresql"',
            "}",
            "",
        ]
        for i, model in enumerate(self.models):
            for enum in self.enum_slots.get(i, ()):
                out.extend(self._render_enum(enum))
                out.append("")
            out.extend(self._render_model(model))
            out.append("")
        return "\n".join(out)

    def _render_enum(self, enum: _Enum) -> list[str]:
        lines = [f"/// {enum.doc}"] if enum.doc else []
        lines.append(f"enum {enum.name} {{")
        for v in enum.values:
            lines.append(f'  {v} @map("{v.lower()}")' if enum.value_maps else f"  {v}")
        if enum.mapped:
            lines.extend(["", f'  @@map("{_snake(enum.name)}")'])
        lines.append("}")
        return lines

    def _render_model(self, model: _Model) -> list[str]:
        lines = [f"/// {model.doc}"] if model.doc else []
        lines.append(f"model {model.name} {{")
        if model.mapped:
            for f in model.head:
                if f.scalar and _snake(f.name) != f.name:
                    f.db_name = _snake(f.name)
        groups = [model.head, [*model.relations, *model.backs]]
        first = True
        for group in groups:
            if not group:
                continue
            if not first:
                lines.append("")
            first = False
            lines.extend(_aligned(group))
        attrs = list(model.block_attrs)
        if model.mapped:
            attrs.append(f'@@map("{self._table_name(model.name)}")')
        if attrs:
            lines.append("")
            if model.note:
                lines.append(f"  // {model.note}")
            lines.extend(f"  {a}" for a in attrs)
        lines.append("}")
        return lines


def _common_prefix(enum_name: str) -> str:
    for prefix in _PREFIXES:
        if enum_name.startswith(prefix) and len(enum_name) > len(prefix):
            return prefix
    return ""


def _attrs(f: _Field) -> str:
    parts = [f.attrs] if f.attrs else []
    if f.relation is not None:
        args = []
        if f.relation.name:
            args.append(f'"{f.relation.name}"')
        if f.relation_args:
            args.append(f.relation_args)
        if args:
            parts.append(f"@relation({', '.join(args)})")
    if f.db_name:
        parts.append(f'@map("{f.db_name}")')
    return " ".join(parts)


def _aligned(fields: list[_Field]) -> list[str]:
    """Fields aligned in columns, as ``prisma format`` does."""
    name_w = max(len(f.name) for f in fields)
    type_w = max(len(f.type + f.modifier) for f in fields)
    lines = []
    for f in fields:
        if f.doc:
            lines.append(f"  /// {f.doc}")
        attrs = _attrs(f)
        line = f"  {f.name.ljust(name_w)} {(f.type + f.modifier).ljust(type_w)} {attrs}".rstrip()
        if f.comment:
            line += f" // {f.comment}"
        lines.append(line)
    return lines


def generate_schema(models: int, seed: int = 0) -> str:
    """The text of a valid PostgreSQL Prisma schema with ``models`` models."""
    if models < 1:
        raise ValueError("models must be at least 1")
    gen = _Generator(models, seed)
    gen.make_enums()
    gen.make_models()
    gen.name_relations()
    return gen.render()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.generate",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("models", type=int, help="number of models")
    ap.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    text = generate_schema(args.models, args.seed)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"{args.output}: {args.models} models, {text.count(chr(10))} lines", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
