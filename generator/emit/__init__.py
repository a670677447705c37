"""IR → OpenAPI: the document (:mod:`.openapi`) and its bytes on disk (:mod:`.serialize`)."""
