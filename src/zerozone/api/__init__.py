"""The zerozone service: a REST API and a bilingual dashboard (FastAPI, Jinja2, uvicorn).

``zerozone.api.app.create_app(zerozone.api.state.Settings(data_dir))`` builds the app (see
``docs/service.md``). The package holds no domain logic: it calls ``zerozone.mrv``,
``zerozone.results``, ``zerozone.model.pipeline``, ``zerozone.finance`` and ``zerozone.report``.
Nothing is imported here, so that the command line stays quick to start.
"""
