"""URL rules whose URL builders are compiled the first time a URL is built from them, not when the app is made.

Werkzeug compiles two Python functions per rule as it is added; for the engine's 80-odd rules that was most of
create_app's own time, spent again by every command, most of which build no URL.
"""
from werkzeug.routing import Rule


class LazyBuilderRule(Rule):
    """A werkzeug Rule that compiles each of its builders on the builder's first call (matching is unchanged)."""

    def _compile_builder(self, append_unknown=True):
        compile_now = super()._compile_builder
        attribute = "_build_unknown" if append_unknown else "_build"

        def build_first(rule, **values):
            # compile() binds this to the rule; the real builder replaces it on the rule from here on.
            builder = compile_now(append_unknown).__get__(rule, None)
            setattr(rule, attribute, builder)
            return builder(**values)

        return build_first
