"""Linking entities to Wikidata: the catalog, the linker, and the optional online look-up."""
