"""Start on Hugging Face's ZeroGPU hardware (the free tier's only Gradio hardware) as well as on CPU basic.

A ZeroGPU Space has the ``spaces`` package preinstalled and sets ``SPACES_ZERO_GPU=true``. Importing
``spaces`` there hooks ``gr.Blocks.launch``: at launch it reports the functions decorated with ``@spaces.GPU``
to the platform's device API (``POST /startup-report`` at ``SPACES_ZERO_DEVICE_API_URL``). With none it
reports nothing, and the platform stops the Space with "No @spaces.GPU function detected during startup",
although the app itself started.

The app needs no GPU. Importing this module imports ``spaces`` and decorates one function that nothing calls,
so the report is sent and no request ever asks the device API for a GPU: only a call of a decorated function
spends a visitor's quota. ``app.py`` imports it before ``gradio``, as the platform asks (``spaces`` must come
before anything that touches CUDA; this app touches none). Where ``spaces`` is absent (local runs, CPU basic,
CI) it does nothing; where ``SPACES_ZERO_GPU`` is unset ``spaces.GPU`` returns the function as it is.
"""

from __future__ import annotations


def never_called() -> None:
    """The ``@spaces.GPU`` function ZeroGPU's start-up report needs; no event or endpoint calls it."""


try:
    import spaces
except ImportError:
    pass
else:
    # SPACES_GRADIO_AUTO_WRAP=true would have Gradio decorate every event of a Space: the page's stay as they are
    spaces.disable_gradio_auto_wrap()
    spaces.GPU(never_called)
