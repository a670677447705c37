"""docs2openapi: cloud API reference pages → validated OpenAPI 3.

Layers, each its own module or package (see DESIGN.md in the shared folder):
``readers`` (syntax → :class:`~generator.page.Page`), ``extract`` (Page → IR),
``ir`` (the contract), ``emit`` (IR → OpenAPI dict), ``validate`` and ``build``
(the pipeline), ``cli`` (the command line).
"""

__version__ = "0.1.0"
