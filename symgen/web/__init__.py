"""The practice page in the browser: ``symgen serve`` (optional extra ``[web]``).

``symgen.web.app.create_app()`` builds the Starlette app; ``symgen.web.views`` turns engine
objects into what each page shows; templates and static files (KaTeX, installed at setup)
sit beside them.
"""
