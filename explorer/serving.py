"""Serving settings measured on 2 cores: skip Gradio's file walk for outputs that cannot hold a file.

After every event Gradio walks each output value looking for file references to move into its cache
(``gradio.processing_utils.async_move_files_to_cache``: an async recursion over every list item and dict
value, twice per output). A ``/translate`` answer with its arrays holds about 40,000 numbers: each walk takes
about 15 ms of the server's single Python thread, longer than the translation and its trace together.

Outputs of components whose value is text, numbers or a plot (the JSON of ``gr.api`` endpoints, HTML,
Markdown, …) never hold a file, and for such a value the walk returns an equal copy (pydantic models dumped to
dicts). ``skip_file_walk`` makes Gradio return that value without walking it, for output components of those
classes only; inputs and every other component keep Gradio's own path.
"""

from __future__ import annotations

import functools

import gradio as gr
from gradio import processing_utils
from gradio.components.api_component import Api
from gradio.data_classes import GradioModel, GradioRootModel
from gradio_client.utils import value_is_file

# Components whose values are text, numbers, lists of those or a plot description: never a file.
NO_FILE_CLASSES = (
    Api,
    gr.HTML,
    gr.Markdown,
    gr.Textbox,
    gr.Number,
    gr.Slider,
    gr.Dropdown,
    gr.Radio,
    gr.Checkbox,
    gr.CheckboxGroup,
    gr.Dataframe,
    gr.Plot,
    gr.JSON,
)


def never_a_file(block) -> bool:
    """Whether ``block``'s value can never carry a file: a class from ``NO_FILE_CLASSES`` whose API schema
    names no file either (checked, so a future component option that allows files falls back to the walk)."""
    if not isinstance(block, NO_FILE_CLASSES):
        return False
    try:
        return not value_is_file(block.api_info())
    except Exception:  # a schema Gradio itself cannot read: keep its walk
        return False


def skip_file_walk() -> bool:
    """Install the shortcut once; returns whether it is installed (False if Gradio's function is missing)."""
    original = getattr(processing_utils, "async_move_files_to_cache", None)
    if original is None:
        return False
    if getattr(original, "skips_file_walk", False):
        return True
    verdicts: dict[type, bool] = {}  # component class -> never_a_file of its first instance

    @functools.wraps(original)
    async def move_files_to_cache(data, block, postprocess: bool = False, *args, **kwargs):
        if postprocess:
            key = type(block)
            if key not in verdicts:
                verdicts[key] = never_a_file(block)
            if verdicts[key]:
                return data.model_dump() if isinstance(data, (GradioModel, GradioRootModel)) else data
        return await original(data, block, postprocess, *args, **kwargs)

    move_files_to_cache.skips_file_walk = True
    processing_utils.async_move_files_to_cache = move_files_to_cache
    return True
