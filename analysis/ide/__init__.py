"""Editor features computed from an analysis: hover, completion, navigation, symbols.

Pure functions over :class:`analysis.api.Analysis` that take code-point offsets
and return plain data with code-point offsets, so the language server only
translates positions and wraps results in LSP types (and the features are unit
tested without a client).
"""
