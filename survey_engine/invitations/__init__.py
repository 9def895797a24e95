"""Invitations, a built-in plugin: contacts, their personal links, the emails that carry them, and response rates.

It reaches the engine only through hooks (plugin.py) and the public API (survey_engine.respond.public,
survey_engine.admin.public); disable it with DISABLED_PLUGINS = ["survey_engine.invitations.plugin"].
"""
