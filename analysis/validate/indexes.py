"""Validation checks: ids, uniques, indexes and shard keys.

Two stages, as in Prisma (see :data:`analysis.validate.STAGES`).
:func:`check_index_attributes` runs what Prisma checks while reading
attributes: the fields named by `@@id` / `@@unique` / `@@index` /
`@@fulltext` / `@@shardKey` exist, are scalar and appear once, ids are
required and unique per model, index options have valid values.
:func:`check_schema` is part of Prisma's schema-wide validation pipeline:
each model needs a unique criterion, each provider supports only some index
options (`length`, `clustered`, `type`, `sort` on ids, full-text indexes,
operator classes, native types that cannot be indexed), MongoDB's model rules.
"""

from __future__ import annotations

import re

from analysis.model.schema import Field, Index, IndexField, Model, Schema, argument_value
from analysis.syntax.nodes import ArrayExpr, Attribute, ConstRef, Expression, FuncCall, StringLit
from analysis.validate import native_types
from analysis.validate.codes import CAPABILITY, INDEX, NO_UNIQUE_CRITERION
from analysis.validate.report import Report

INDEX_TYPES = ("BTree", "Hash", "Gist", "Gin", "SpGist", "Brin")
_CLIENT_NAME = re.compile(r"^[_a-zA-Z0-9]*$")

#: Native types that need a `length:` to be indexed in MySQL.
MYSQL_LENGTH_TYPES = frozenset({"TinyText", "Text", "MediumText", "LongText", "TinyBlob", "Blob",
                                "MediumBlob", "LongBlob"})
#: Native types SQL Server cannot index (`X(Max)` spelled with the argument).
SQLSERVER_UNINDEXABLE = frozenset({"Text", "NText", "Image", "Xml", "VarChar(Max)",
                                   "NVarChar(Max)", "VarBinary(Max)"})
POSTGRES_UNINDEXABLE = frozenset({"Xml"})


def check_index_attributes(schema: Schema, report: Report) -> None:
    """Ids, uniques, indexes and shard keys as Prisma checks them while reading
    attributes."""
    for model in schema.all_models:
        _attribute_stage(schema, model, report)


# ---------------------------------------------------------------------------
# Stage 1: while reading attributes
# ---------------------------------------------------------------------------


def _single(attributes: dict[str, list[Attribute]], name: str) -> Attribute | None:
    found = attributes.get(name, [])
    return found[0] if len(found) == 1 else None


def _fields_value(attribute: Attribute) -> Expression | None:
    return argument_value(attribute.args, "fields", 0)


def _items(value: Expression | None) -> list[Expression]:
    if value is None:
        return []
    return list(value.items) if isinstance(value, ArrayExpr) else [value]


def _item_name(item: Expression) -> str | None:
    if isinstance(item, ConstRef):
        return item.text
    if isinstance(item, FuncCall):
        return item.name.text
    return None


def _names(names: list[str]) -> str:
    return ", ".join(f"`{n}`" for n in names)


def _attribute_stage(schema: Schema, model: Model, report: Report) -> None:
    decl = model.decl
    ignored = model.is_ignored
    id_fields = [
        f for f in model.fields if f.kind != "model" and len(f.attributes.get("id", ())) == 1
    ]
    block_id = _single(model.attributes, "id")
    for _extra in id_fields[1:]:
        report.error(INDEX, f"Only one field can be marked with `@id`, but `{model.name}` has "
                     f"several ({_names([f.name for f in id_fields])}).", decl.span(model.block))
    if id_fields and block_id is not None:
        report.error(INDEX, f"The model `{model.name}` has both `@id` (on "
                     f"`{id_fields[0].name}`) and `@@id`: keep only one.", decl.span(model.block))
    for fld in id_fields:
        attribute = fld.attributes["id"][0]
        _check_field_index_args(model, attribute, report)
        if fld.is_optional and not ignored:
            report.error(INDEX, f"The id field `{fld.name}` must be required: remove the `?`.",
                         decl.span(attribute))
    for fld in model.fields:
        if fld.kind != "model" and len(fld.attributes.get("unique", ())) == 1:
            _check_field_index_args(model, fld.attributes["unique"][0], report)
    if block_id is not None:
        _check_block_index(model, "id", block_id, report)
    for kind in ("unique", "index", "fulltext"):
        for attribute in model.attributes.get(kind, ()):
            _check_block_index(model, kind, attribute, report)
    _shard_keys(model, report)


def _check_field_index_args(model: Model, attribute: Attribute, report: Report) -> None:
    sort = argument_value(attribute.args, "sort")
    if isinstance(sort, ConstRef) and sort.text not in ("Asc", "Desc"):
        report.error(INDEX, f"`sort` must be `Asc` or `Desc`, not `{sort.text}`.",
                     model.decl.span(sort))
    _empty_strings(model, attribute, ("map",), report)


def _empty_strings(model: Model, attribute: Attribute, names: tuple[str, ...],
                   report: Report) -> None:
    for name in names:
        value = argument_value(attribute.args, name)
        if isinstance(value, StringLit) and value.value == "":
            report.error(INDEX, f"The `{name}` argument cannot be an empty string.",
                         model.decl.span(attribute))


def _check_block_index(model: Model, kind: str, attribute: Attribute, report: Report) -> None:
    decl = model.decl
    value = _fields_value(attribute)
    if value is None:
        return  # reported with the attribute's arguments
    items = _items(value)
    if any(_item_name(item) is None for item in items):
        return  # string field names: reported with the attribute's arguments
    unknown: list[str] = []
    relation: list[str] = []
    optional: list[str] = []
    seen: list[str] = []
    duplicate: str | None = None
    for item in items:
        name = _item_name(item)
        assert name is not None
        if isinstance(item, FuncCall):
            sort = argument_value(item.args, "sort")
            if isinstance(sort, ConstRef) and sort.text not in ("Asc", "Desc"):
                report.error(INDEX, f"`sort` must be `Asc` or `Desc`, not `{sort.text}`.",
                             decl.span(sort))
            _check_ops_value(model, argument_value(item.args, "ops"), report)
        problem = _resolve(model, name, follow=kind != "id")
        if problem == "unknown":
            unknown.append(name)
            continue
        if problem == "relation":
            relation.append(name)
            continue
        fld = model.by_name[name.split(".")[0]]
        if "." not in name and fld.is_optional:
            optional.append(name)
        if name in seen and duplicate is None:
            duplicate = name
        seen.append(name)
    what = {"id": "The id", "unique": "The unique constraint", "index": "The index",
            "fulltext": "The fulltext index"}[kind]
    if duplicate is not None and not unknown and not relation:
        report.error(INDEX, f"{what} lists the field `{duplicate}` more than once.",
                     decl.span(attribute))
    if unknown:
        noun = "field" if len(unknown) == 1 else "fields"
        span = decl.span(value) if kind == "id" else decl.span(attribute)
        report.error(INDEX, f"{what} refers to the unknown {noun} {_names(unknown)} of "
                     f"`{model.name}`.", span)
    if relation:
        noun = "field" if len(relation) == 1 else "fields"
        report.error(INDEX, f"{what} refers to the relation {noun} {_names(relation)}: only "
                     "scalar fields can be used" + _relation_hint(model, kind, relation) + ".",
                     decl.span(attribute))
    if kind == "id" and optional and not unknown and not relation and not model.is_ignored:
        report.error(INDEX, f"The id refers to the optional {_plural('field', optional)} "
                     f"{_names(optional)}: id fields must be required.", decl.span(attribute))
    if kind == "index":
        index_type = argument_value(attribute.args, "type")
        if isinstance(index_type, ConstRef) and index_type.text not in INDEX_TYPES:
            report.error(INDEX, f"Unknown index type `{index_type.text}`: use one of "
                         f"{', '.join(INDEX_TYPES)}.", decl.span(attribute))
        if argument_value(attribute.args, "name") is not None and \
                argument_value(attribute.args, "map") is not None:
            report.error(INDEX, "`@@index` takes `name` only as an old spelling of `map`, not "
                         "both: keep `map`.", decl.span(attribute))
    if kind in ("id", "unique"):
        name_value = argument_value(attribute.args, "name")
        if isinstance(name_value, StringLit) and not _CLIENT_NAME.match(name_value.value):
            report.error(INDEX, f"The `name` of `@@{kind}` may only contain letters, digits and "
                         f"`_`, not `{name_value.value}`.", decl.span(attribute))
    _empty_strings(model, attribute, ("name", "map"), report)


def _check_ops_value(model: Model, ops: Expression | None, report: Report) -> None:
    """`ops:` takes an operator class name or `raw("…")`."""
    if ops is None:
        return
    span = model.decl.span(ops)
    if isinstance(ops, ConstRef):
        if ops.text not in KNOWN_OPS:
            report.error(INDEX, f"Unknown operator class `{ops.text}` (use `raw(\"…\")` for "
                         "operator classes Prisma does not list).", span)
    elif isinstance(ops, FuncCall) and ops.name.text == "raw":
        args = ops.args.args
        if len(args) != 1 or not isinstance(args[0].value, StringLit):
            report.error(INDEX, "`raw()` takes a single string: the operator class name.", span)
    else:
        report.error(INDEX, "`ops:` takes an operator class name or `raw(\"…\")`.", span)


def _plural(noun: str, items: list[str]) -> str:
    return noun if len(items) == 1 else noun + "s"


def _relation_hint(model: Model, kind: str, relation: list[str]) -> str:
    if kind == "id":
        return ""
    scalars: list[str] = []
    for name in relation:
        ra = model.by_name[name].relation_attr
        if ra is not None and ra.fields:
            scalars.extend(ra.fields)
    if not scalars:
        return ""
    attr = "unique" if kind == "unique" else "index"
    return f" (did you mean `@@{attr}([{', '.join(scalars)}])`?)"


def _resolve(model: Model, name: str, *, follow: bool) -> str | None:
    """``None`` when the (possibly dotted) name resolves, else `unknown` or `relation`."""
    head, *rest = name.split(".")
    fld = model.by_name.get(head)
    if fld is None:
        return "unknown"
    if fld.kind == "model":
        return "relation"
    if not rest:
        return None
    if not follow or fld.kind != "composite":
        return "unknown"
    target = fld.target
    for position, segment in enumerate(rest):
        by_name = getattr(target, "by_name", None)
        if by_name is None or segment not in by_name:
            return "unknown"
        inner: Field = by_name[segment]
        if position < len(rest) - 1:
            if inner.kind != "composite":
                return "unknown"
            target = inner.target
    return None


def _shard_keys(model: Model, report: Report) -> None:
    decl = model.decl
    fields = [f for f in model.fields if len(f.attributes.get("shardKey", ())) == 1]
    block = _single(model.attributes, "shardKey")
    if len(fields) > 1:
        report.error(INDEX, f"Only one field can be marked with `@shardKey`, but `{model.name}` "
                     f"has several ({_names([f.name for f in fields])}).", decl.span(model.block))
    if fields and block is not None:
        report.error(INDEX, f"The model `{model.name}` has both `@shardKey` and `@@shardKey`: "
                     "keep only one.", decl.span(model.block))
    if not model.is_ignored:
        for fld in fields:
            if fld.is_optional:
                report.error(INDEX, f"The shard key field `{fld.name}` must be required.",
                             decl.span(fld.attributes["shardKey"][0]))
    if block is None:
        return
    value = _fields_value(block)
    items = _items(value)
    if value is not None and not items:
        report.error(INDEX, "`@@shardKey` needs at least one field.", decl.span(block))
        return
    if value is None or any(not isinstance(item, ConstRef) for item in items):
        return
    names = [item.text for item in items if isinstance(item, ConstRef)]
    unknown = [n for n in names if n not in model.by_name]
    relation = [n for n in names if n in model.by_name and model.by_name[n].kind == "model"]
    if unknown:
        report.error(INDEX, f"The shard key refers to the unknown "
                     f"{_plural('field', unknown)} {_names(unknown)}.", decl.span(value))
    if relation:
        report.error(INDEX, f"The shard key refers to the relation "
                     f"{_plural('field', relation)} {_names(relation)}: only scalar fields can "
                     "be used.", decl.span(block))
    if unknown or relation:
        return
    duplicate = next((n for i, n in enumerate(names) if n in names[:i]), None)
    if duplicate is not None:
        report.error(INDEX, f"The shard key lists the field `{duplicate}` more than once.",
                     decl.span(block))
        return
    optional = [n for n in names if model.by_name[n].is_optional]
    if optional and not model.is_ignored:
        report.error(INDEX, f"The shard key refers to the optional "
                     f"{_plural('field', optional)} {_names(optional)}: shard key fields must "
                     "be required.", decl.span(block))


# ---------------------------------------------------------------------------
# Stage 2: schema-wide, per provider
# ---------------------------------------------------------------------------


def check_schema(schema: Schema, report: Report) -> None:
    """Unique criteria, index options per provider, MongoDB's model rules:
    Prisma's schema-wide validation pipeline."""
    provider = schema.provider
    for model in schema.all_models:
        if model.is_view:
            _view_indexes(model, report)
            continue
        if not model.is_ignored:
            _unique_criterion(model, report)
        if provider == "mongodb":
            _mongodb_model(model, report)
            fulltext = [i for i in model.indexes if i.kind == "fulltext"]
            for index in fulltext if len(fulltext) > 1 else ():
                report.error(CAPABILITY, "MongoDB allows only one `@@fulltext` index per "
                             "collection.", index.span)
        for index in model.all_indexes:
            _core_index(schema, model, index, report)
        _map_lengths(schema, model, report)
        if provider != "sqlserver":
            continue
        clustered = [i for i in model.all_indexes if i.kind != "id" and i.clustered]
        pk = model.primary_key
        pk_clustered = pk is not None and pk.clustered is not False
        for index in clustered:
            if pk is not None and pk_clustered:
                report.error(CAPABILITY, "A table can have only one clustered index: the "
                             "primary key is clustered already (mark it `clustered: false`).",
                             index.span)
        if pk is not None and pk_clustered and clustered:
            report.error(CAPABILITY, "A table can have only one clustered index, but this id "
                         "and another index are both clustered.", pk.span)
    _shard_key_support(schema, report)


def _view_indexes(model: Model, report: Report) -> None:
    """Views have no indexes in the database: `@@unique` only informs the client."""
    decl = model.decl
    for index in model.all_indexes:
        if index.kind == "index" or index.kind == "fulltext":
            report.error(INDEX, "Views cannot have indexes.", index.span)
            continue
        if index.kind != "unique":
            continue
        if index.map is not None:
            report.error(INDEX, "A unique constraint on a view is not a database index, so it "
                         "cannot have a database name (`map:`).", index.span)
        if index.clustered is not None:
            report.error(INDEX, "A unique constraint on a view is not a database index, so it "
                         "cannot be clustered.", index.span)
        if not index.on_field and any(
            isinstance(item, FuncCall) and item.args.args
            for item in _items(_fields_value(index.attribute))
        ):
            report.error(INDEX, "The fields of a unique constraint on a view cannot take "
                         "arguments (`sort`, `length`…).", decl.span(index.attribute))


#: Longest constraint name each database accepts.
MAX_NAME = {"postgresql": 63, "cockroachdb": 63, "mysql": 64, "sqlserver": 128}


def _map_lengths(schema: Schema, model: Model, report: Report) -> None:
    limit = MAX_NAME.get(schema.provider or "")
    if limit is None:
        return
    for index in model.all_indexes:
        if index.map is not None and len(index.map) > limit:
            report.error(INDEX, f"The constraint name `{index.map}` given with `map:` in "
                         f"`{_label(index)}` is too long: this database allows at most {limit} "
                         "characters.", index.span)


def _strict(index: Index) -> bool:
    return all(
        entry.field is not None and not entry.path and entry.field.arity == "required"
        and entry.field.kind != "unsupported"
        for entry in index.fields
    ) and bool(index.fields)


def _unique_criterion(model: Model, report: Report) -> None:
    criteria = [i for i in ([model.primary_key] if model.primary_key else []) + model.uniques
                if i is not None]
    if any(_strict(i) for i in criteria):
        return
    loose = [", ".join(i.field_names) for i in criteria if i.fields]
    message = (f"The model `{model.name}` has no unique criterion made of required fields: "
               "mark a field with `@id` or `@unique`, or add `@@id([...])` or `@@unique([...])`.")
    if loose:
        message += " Not counted, as they include optional fields: " + "; ".join(loose) + "."
    report.error(NO_UNIQUE_CRITERION, message, model.decl.span(model.block))


def _label(index: Index) -> str:
    prefix = "@" if index.on_field else "@@"
    return prefix + index.kind


def _core_index(schema: Schema, model: Model, index: Index, report: Report) -> None:
    provider = schema.provider
    attribute = index.attribute
    decl = model.decl
    label = _label(index)
    if not index.fields and not index.on_field and index.kind != "id" \
            and _fields_value(attribute) is not None:
        report.error(INDEX, f"`{label}` needs at least one field.", index.span)
    has_length = _has_arg(index, "length")
    if has_length and provider not in ("mysql", None):
        report.error(CAPABILITY, f"`length:` in `{label}` is only supported by MySQL.", index.span)
    if has_length and provider == "mysql":
        for entry in index.fields:
            fld = entry.field
            if fld is not None and entry.length is not None and fld.kind == "scalar" \
                    and fld.type_name not in ("String", "Bytes"):
                report.error(CAPABILITY, "`length:` only applies to String and Bytes fields.",
                             index.span)
    if index.clustered is not None and provider not in ("sqlserver", None):
        report.error(CAPABILITY, f"`clustered:` in `{label}` is only supported by SQL Server.",
                     index.span)
    if index.kind == "id":
        _core_id(schema, model, index, report)
    index_type = argument_value(attribute.args, "type")
    if index.kind == "index" and isinstance(index_type, ConstRef) and provider is not None:
        supported = _index_type_supported(provider, index_type.text)
        if not supported:
            report.error(CAPABILITY, f"The index type `{index_type.text}` is not supported by "
                         "this provider.", decl.span(index_type))
    if index.kind == "fulltext" and provider not in ("mysql", "mongodb", None):
        report.error(CAPABILITY, "Full-text indexes (`@@fulltext`) are only supported by MySQL "
                     "and MongoDB.", index.span)
    if index.kind == "fulltext" and provider == "mysql":
        if _has_arg(index, "length"):
            report.error(CAPABILITY, "`length:` cannot be used in `@@fulltext`.", index.span)
        if _has_arg(index, "sort"):
            report.error(CAPABILITY, "MySQL does not support `sort:` in `@@fulltext`.", index.span)
    if isinstance(index_type, ConstRef) and index_type.text == "Hash" and _has_arg(index, "sort") \
            and provider in ("postgresql", "cockroachdb"):
        report.error(CAPABILITY, "A `Hash` index has no order: remove `sort:`.", index.span)
    if index.kind != "index" and _has_arg(index, "ops"):
        report.error(CAPABILITY, "Operator classes (`ops:`) can only be given in `@@index`.",
                     index.span)
    if index.kind != "fulltext":
        _unindexable_native_types(provider, index, report)
    if provider == "postgresql" and index.kind != "id":
        _postgres_index(index, report)
    if provider == "cockroachdb" and index.kind != "id":
        _cockroach_inverted_index(index, report)
    if provider == "mongodb" and index.kind == "unique" and len(index.fields) == 1 \
            and index.fields[0].field is not None and not index.fields[0].path \
            and _is_single_pk_field(model, index.fields[0].field):
        report.error(CAPABILITY, "With MongoDB, a field cannot be both the id and unique.",
                     index.span)
    if provider == "mongodb" and index.kind != "id" and _duplicated_index(model, index):
        report.error(CAPABILITY, "MongoDB already has an index on exactly these fields in this "
                     "model.", index.span)
    if index.kind == "unique" and not index.on_field and len(index.fields) > 1 \
            and index.name is None:
        client_name = "_".join("_".join([e.name, *e.path]) for e in index.fields)
        if any(f.name == client_name for f in model.fields if f.kind != "model"):
            report.error(INDEX, f"The field `{client_name}` clashes with the name the client "
                         f"gives this `{label}`: give it a name with `name: \"...\"`.", index.span)
    if index.name is not None and index.kind in ("id", "unique") and not index.on_field \
            and any(f.name == index.name for f in model.fields):
        report.error(INDEX, f"The name `{index.name}` of `{label}` is already a field name of "
                     f"`{model.name}`: choose another name.", decl.span(model.block))


def _is_single_pk_field(model: Model, fld: Field) -> bool:
    pk = model.primary_key
    return pk is not None and len(pk.fields) == 1 and pk.fields[0].field is fld


def _index_key(index: Index) -> list[tuple[str, str | None, int | None]]:
    return [(".".join([e.name, *e.path]), e.sort, e.length) for e in index.fields]


def _duplicated_index(model: Model, index: Index) -> bool:
    key = _index_key(index)
    return any(other is not index and other.kind != "id" and _index_key(other) == key
               for other in model.all_indexes)


def _mongodb_model(model: Model, report: Report) -> None:
    decl = model.decl
    pk = model.primary_key
    if pk is None:
        report.error(CAPABILITY, f"MongoDB models need exactly one `@id` field, and `{model.name}` "
                     "has none.", decl.span(model.block))
    elif len(pk.fields) == 1 and pk.fields[0].field is not None:
        fld = pk.fields[0].field
        if fld.name != "_id" and fld.db_name != "_id":
            found = f", not `@map(\"{fld.db_name}\")`" if fld.db_name != fld.name else ""
            report.error(CAPABILITY, f"The id field `{fld.name}` of a MongoDB model must be mapped "
                         f"to `_id` with `@map(\"_id\")`{found}.", fld.span)
    for fld in model.fields:
        for attribute in fld.attributes.get("map", ()):
            name = attribute.arg("name", 0)
            if name is not None and isinstance(name.value, StringLit) and "." in name.value.value:
                report.error(CAPABILITY, "MongoDB field names cannot contain `.`.",
                             decl.span(attribute))


def _has_arg(index: Index, name: str) -> bool:
    if index.on_field:
        return argument_value(index.attribute.args, name) is not None
    for item in _items(_fields_value(index.attribute)):
        if isinstance(item, FuncCall) and argument_value(item.args, name) is not None:
            return True
    return False


def _core_id(schema: Schema, model: Model, index: Index, report: Report) -> None:
    provider = schema.provider
    if not index.fields and not index.on_field and _fields_value(index.attribute) is not None:
        report.error(INDEX, "`@@id` needs at least one field.", index.span)
    if len(index.fields) > 1 and index.name is None:
        client_name = "_".join(e.name for e in index.fields)
        if any(f.name == client_name for f in model.fields if f.kind != "model"):
            report.error(INDEX, f"The field `{client_name}` clashes with the name the client "
                         "gives this `@@id`: give it a name with `name: \"...\"`.", index.span)
    if provider not in ("sqlserver", None) and _has_arg(index, "sort"):
        report.error(CAPABILITY, "This provider does not support `sort:` in the primary key.",
                     index.span)
    if provider == "mongodb" and len(index.fields) > 1:
        report.error(CAPABILITY, "MongoDB does not support compound ids (`@@id`).", index.span)
    if provider == "mysql" and index.map is not None:
        report.error(CAPABILITY, "MySQL does not support naming the primary key: remove `map:`.",
                     model.decl.span(model.block))
    if provider == "sqlserver" and any(
        e.field is not None and e.field.type_name == "Bytes" for e in index.fields
    ):
        report.error(CAPABILITY, "SQL Server does not allow Bytes fields in the id.", index.span)


def _index_type_supported(provider: str, name: str) -> bool:
    if name not in INDEX_TYPES:
        return True  # reported with the attribute
    if provider == "postgresql":
        return True
    if provider == "cockroachdb":
        return name in ("BTree", "Gin")
    return name == "BTree"


def _unindexable_native_types(provider: str | None, index: Index, report: Report) -> None:
    if provider not in ("mysql", "sqlserver", "postgresql"):
        return
    for entry in index.fields:
        fld = entry.field
        if fld is None or entry.path:
            continue
        attribute = native_types.native_attribute(fld)
        if attribute is None:
            continue
        name = attribute.name.text.split(".", 1)[1]
        args = ["Max" if a.lower() == "max" else a for a in native_types.native_args(attribute)]
        full = f"{name}({','.join(args)})" if args else name
        if provider == "mysql":
            if name not in MYSQL_LENGTH_TYPES or entry.length is not None:
                continue
            hint = " Give the field a `length:` in the index to allow this."
            db = "MySQL"
        elif provider == "sqlserver":
            if full not in SQLSERVER_UNINDEXABLE:
                continue
            hint = ""
            db = "SQL Server"
        else:
            if name not in POSTGRES_UNINDEXABLE or index.kind not in ("index", "unique"):
                continue
            hint = ""
            db = "Postgres"
        if index.kind == "id":
            message = f"A field of {db} native type `{full}` cannot be the id.{hint}"
        elif index.kind == "unique":
            message = f"A field of {db} native type `{full}` cannot be unique.{hint}"
        else:
            message = f"A field of {db} native type `{full}` cannot be indexed.{hint}"
        span = fld.span if provider == "postgresql" else index.span
        report.error(CAPABILITY, message, span)
        return


def _shard_key_support(schema: Schema, report: Report) -> None:
    enabled = "shardKeys" in schema.preview_features
    for model in schema.all_models:
        attributes = [a for f in model.fields for a in f.attributes.get("shardKey", ())]
        attributes += model.attributes.get("shardKey", [])
        for attribute in attributes:
            if not enabled:
                report.error(CAPABILITY, "Shard keys need the `shardKeys` preview feature.",
                             model.decl.span(attribute))
            elif schema.provider not in ("mysql", None):
                report.error(CAPABILITY, f"Shard keys are not supported with the provider "
                             f"`{schema.provider}`.", model.decl.span(attribute))


# ---------------------------------------------------------------------------
# PostgreSQL index types and operator classes
# ---------------------------------------------------------------------------


def _family(prefix: str, multi: bool = True) -> frozenset[str]:
    names = {f"{prefix}BloomOps", f"{prefix}MinMaxOps"}
    if multi:
        names.add(f"{prefix}MinMaxMultiOps")
    return frozenset(names)


#: BRIN operator classes per native type.
BRIN_BY_NATIVE: dict[str, frozenset[str]] = {
    "Bit": frozenset({"BitMinMaxOps"}),
    "VarBit": frozenset({"VarBitMinMaxOps"}),
    "Char": _family("Bpchar", multi=False),
    "Date": _family("Date"),
    "Real": _family("Float4"),
    "DoublePrecision": _family("Float8"),
    "Inet": _family("Inet") | {"InetInclusionOps"},
    "SmallInt": _family("Int2"),
    "Integer": _family("Int4"),
    "BigInt": _family("Int8"),
    "Decimal": _family("Numeric"),
    "Oid": _family("Oid"),
    "ByteA": _family("Bytea", multi=False),
    "Text": _family("Text", multi=False),
    "VarChar": _family("Text", multi=False),
    "Timestamp": _family("Timestamp"),
    "Timestamptz": _family("TimestampTz"),
    "Time": _family("Time"),
    "Timetz": _family("TimeTz"),
    "Uuid": _family("Uuid"),
}
#: BRIN operator classes usable without a native type, per scalar type.
BRIN_BY_SCALAR: dict[str, frozenset[str]] = {
    "Float": _family("Float8"),
    "Int": _family("Int4"),
    "BigInt": _family("Int8"),
    "Decimal": _family("Numeric"),
    "Bytes": _family("Bytea", multi=False),
    "String": _family("Text", multi=False),
    "DateTime": _family("Timestamp"),
}
_OPS_ALGOS: dict[str, tuple[str, ...]] = {
    "InetOps": ("Gist", "SpGist"),
    "JsonbOps": ("Gin",),
    "JsonbPathOps": ("Gin",),
    "ArrayOps": ("Gin",),
    "TextOps": ("SpGist",),
}
KNOWN_OPS = frozenset(_OPS_ALGOS) | frozenset().union(*BRIN_BY_NATIVE.values())


def _op_class(entry: IndexField) -> tuple[str | None, bool]:
    """The entry's operator class constant, and whether it is a `raw("…")` one."""
    if not isinstance(entry.node, FuncCall):
        return None, False
    ops = argument_value(entry.node.args, "ops")
    if isinstance(ops, ConstRef):
        return ops.text, False
    return None, ops is not None


def _algo_supports_type(algo: str, fld: Field) -> bool:
    if fld.kind == "unsupported":
        return True
    scalar = fld.type_name if fld.kind == "scalar" else ""
    if algo in ("BTree", "Hash"):
        return True
    if algo in ("Gist", "SpGist"):
        return scalar == "String"
    if algo == "Gin":
        return scalar == "Json" or fld.is_list
    return scalar in BRIN_BY_SCALAR


def _postgres_index(index: Index, report: Report) -> None:
    """Index types and operator classes, as PostgreSQL's connector checks them."""
    type_value = argument_value(index.attribute.args, "type")
    algo = type_value.text if isinstance(type_value, ConstRef) else "BTree"
    if algo not in INDEX_TYPES:
        return
    if algo == "SpGist" and len(index.fields) > 1:
        report.error(CAPABILITY, "SpGist indexes take a single column.", index.span)
    for entry in index.fields:
        fld = entry.field
        op, raw = _op_class(entry)
        if fld is None or entry.path or raw or (op is not None and op not in KNOWN_OPS):
            continue
        problem = _op_class_problem(algo, fld, op)
        if problem is not None:
            report.error(CAPABILITY, problem, index.span)


def _cockroach_inverted_index(index: Index, report: Report) -> None:
    """CockroachDB's `Gin` (inverted) indexes: no operator classes, Json or list fields,
    Json only last."""
    type_value = argument_value(index.attribute.args, "type")
    if not (isinstance(type_value, ConstRef) and type_value.text == "Gin"):
        return
    for position, entry in enumerate(index.fields):
        fld = entry.field
        if fld is None or entry.path:
            continue
        if _has_arg(index, "ops"):
            report.error(CAPABILITY, "CockroachDB does not support operator classes (`ops:`).",
                         index.span)
            return
        if not _algo_supports_type("Gin", fld):
            report.error(CAPABILITY, f"A `Gin` index does not support the type of the field "
                         f"`{fld.name}`.", index.span)
        if fld.kind == "scalar" and fld.type_name == "Json" and position < len(index.fields) - 1:
            report.error(CAPABILITY, "In an inverted (`Gin`) index, a Json field can only be the "
                         "last one.", index.span)


def _op_class_problem(algo: str, fld: Field, op: str | None) -> str | None:
    if op is not None and algo not in _OPS_ALGOS.get(op, ("Brin",)):
        return f"The operator class `{op}` cannot be used with a `{algo}` index."
    if algo in ("BTree", "Hash"):
        return None
    native = native_types.native_name(fld)
    scalar = fld.type_name if fld.kind == "scalar" else ""
    if algo == "Gist":
        if native == "Inet" and op == "InetOps":
            return None
    elif algo == "Gin":
        jsonb = op in ("JsonbOps", "JsonbPathOps")
        if (native is None and op is None and scalar == "Json") or (op is None and fld.is_list):
            return None
        if native == "JsonB" and (op is None or jsonb):
            return None
        if native is None and jsonb:
            return None if scalar == "Json" else \
                f"The operator class `{op}` needs a Json field, but `{fld.name}` is not one."
        if op == "ArrayOps":
            return None if fld.is_list else \
                f"The operator class `ArrayOps` needs a list field, but `{fld.name}` is not one."
    elif algo == "SpGist":
        if native == "Inet" and op in ("InetOps", None):
            return None
        if native is None and op is None and scalar == "String":
            return None
        if native is None and op == "TextOps":
            return None if scalar == "String" else \
                f"The operator class `TextOps` needs a String field, but `{fld.name}` is not one."
        if native in ("Text", "VarChar", "Char") and op in ("TextOps", None):
            return None
    else:  # Brin
        if native is not None and native in BRIN_BY_NATIVE and (
            op is None or op in BRIN_BY_NATIVE[native]
        ):
            return None
        if native is None:
            if op is None and scalar in BRIN_BY_SCALAR:
                return None
            for family_scalar, family in BRIN_BY_SCALAR.items():
                if op in family:
                    return None if scalar == family_scalar else (
                        f"The operator class `{op}` needs a {family_scalar} field, but "
                        f"`{fld.name}` is not one."
                    )
    return _op_class_mismatch(algo, fld, native, op)


def _op_class_mismatch(algo: str, fld: Field, native: str | None, op: str | None) -> str | None:
    if native is not None and op is not None:
        return (f"The operator class `{op}` does not support the native type `{native}` of the "
                f"field `{fld.name}`.")
    if native is not None:
        return f"A `{algo}` index has no default operator class for the native type `{native}`."
    if op is not None:
        return (f"The operator class `{op}` needs the field `{fld.name}` to have a native type "
                "(`@db.…`).")
    if not _algo_supports_type(algo, fld):
        return f"A `{algo}` index does not support the type of the field `{fld.name}`."
    return None
