"""The search engine, framework-free: query language, query terms, matching, scoring, facets,
rerank, highlight, suggestions and the one result structure. It never imports Flask."""
