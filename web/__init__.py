"""The browser workbench (`build.py serve`): a local web front end over the application layer.

`web.workbench.Workbench` is the one application object: it holds the organisation's loaded
inputs, a scenario context and the report builds, and every page asks it. `web.server` makes
the Flask application (security, language, error pages) and `web.views` holds one thin module
per page. Strings are in `web/text.yaml`; templates and static files sit beside the code.
"""
