"""The part of every generated package that does not depend on the API: request
signing, retries, paging, the error type. These files are copied into each package
as they are (see :func:`generator.codegen.generate_package`), so they import only
the standard library, httpx, pydantic and each other, and are type-checked here as
part of this project."""
