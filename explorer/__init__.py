"""The explorer: the Gradio page's handlers, figures and texts over the ``seq2seq`` library.

``seq2seq`` is the library a notebook imports (no gradio, no plotly); this package is one application of it,
and ``app.py`` lays it out and wires it.
"""
