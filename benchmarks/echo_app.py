"""The smallest queued Gradio endpoint: ``/echo`` returns its input. The benchmark times it through
gradio_client to measure what the client and the queue cost on their own (the floor under any endpoint)."""

from __future__ import annotations

import os

import gradio as gr


def echo(text: str) -> str:
    """Return ``text`` unchanged."""
    return text


with gr.Blocks() as demo:
    gr.api(echo, api_name="echo")

if __name__ == "__main__":
    demo.queue().launch(server_name="127.0.0.1", server_port=int(os.environ["GRADIO_SERVER_PORT"]), ssr_mode=False)
