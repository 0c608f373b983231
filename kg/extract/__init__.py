"""Extraction: article text → `ArticleExtraction`, with a spaCy pipeline of rule components.

Each component is a registered spaCy factory in its own module, so it can be tested alone,
switched off in the pipeline config, or run after a pretrained pipeline's own components.
"""
from .pipeline import build_pipeline, extract

__all__ = ["build_pipeline", "extract"]
