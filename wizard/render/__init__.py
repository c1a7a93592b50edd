"""Renderers: Design -> text. The interactive preview and the headless export both call
these, so what the user previews is exactly what is written."""
