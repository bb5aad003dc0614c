"""PAX007 large-object-column."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Severity
from analysis.model.schema import Field, Model
from analysis.rules.base import Finding, Group, Rule, RuleContext
from analysis.rules.naming_case import lower_words
from analysis.rules.type_edits import usable_fields_of
from analysis.syntax.nodes import NumberLit


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    small_values: list[str] = [
        "id",
        "uuid",
        "key",
        "token",
        "hash",
        "digest",
        "checksum",
        "fingerprint",
        "salt",
        "iv",
        "nonce",
        "signature",
        "secret",
        "cipher",
        "ciphertext",
        "encrypted",
        "url",
        "cert",
        "certificate",
        "mac",
        "otp",
        "credential",
    ]
    """Words of a field name that say the bytes are a small value (a key, a hash, an
    encrypted token), not a document or a file."""


class LargeObjectColumn(Rule):
    """
    ## What it does
    Flags a `Bytes` field that looks like it holds a file or a document (an image, an
    attachment, a serialized payload) in the table.

    ## Why is this bad?
    Large binary values make the table, its backups and its replicas grow with every upload,
    and every query that selects the row reads or de-toasts them (Prisma selects all scalar
    fields unless told otherwise). They cannot be cached by a CDN or streamed to the client
    without going through the application and the database connection pool. Object storage
    (S3, GCS, a blob store) is built for them: keep the object there and store its key or
    URL, size and content type in the row.

    ## Example
    ```prisma
    model Image {
      id          Int    @id
      contentType String
      blob        Bytes
    }
    ```

    ## Use instead
    ```prisma
    model Image {
      id          Int    @id
      contentType String
      storageKey  String @unique
      size        Int
    }
    ```

    ## Fix safety
    There is no automatic fix: moving the data needs a migration and application changes.

    ## When to ignore
    When the values are small and bounded (thumbnails of a few kilobytes, serialized state
    that is always read with the row), or when the application must run without object
    storage. Fields whose names say they hold a small value (`publicKey`, `tokenHash`,
    `credentialId`, `encryptedSecret`; the words are configurable), fields with a bounded
    native type (`@db.Binary(16)`, `@db.VarBinary(64)`), and fields with an explicit native
    type (`@db.ByteA`) and a `///` comment that explains the choice are not flagged.
    """

    code = "PAX007"
    name = "large-object-column"
    group = Group.INDEXING
    severity = Severity.INFO
    neighbours = "own"
    Options = Options

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        options = ctx.options
        assert isinstance(options, Options)
        for field in usable_fields_of(ctx, "Bytes"):
            if field.kind != "scalar":
                continue
            if _small(field, options.small_values) or _explained(field):
                continue
            model = field.owner
            assert isinstance(model, Model)
            yield self.finding(
                ctx,
                field.type_span,
                f"`{field.name}` on `{model.name}` stores binary data in the row: large "
                f"objects bloat `{model.db_name}`, its backups and every query that "
                "selects them; keep them in object storage and store a key or URL.",
            )


def _small(field: Field, small_values: list[str]) -> bool:
    """Whether the name or the native type says the value is small."""
    if not set(lower_words(field.name)).isdisjoint(w.lower() for w in small_values):
        return True
    native = field.native_type
    if native is None:
        return False
    kind = native.name.text.split(".")[-1]
    if kind in ("TinyBlob", "Bit"):
        return True
    if kind in ("Binary", "VarBinary") and native.args is not None and native.args.args:
        return isinstance(native.args.args[0].value, NumberLit)
    return False


def _explained(field: Field) -> bool:
    """An explicit native type with a `///` comment: a deliberate choice."""
    return field.native_type is not None and bool(field.node.doc)
