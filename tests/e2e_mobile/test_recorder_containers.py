"""What the vendor app's recorder (MediaRecorder in Chromium) really writes passes the server's
container check: the check refuses forgeries, not phones' voice notes."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest

from application.audio_containers import is_audio_container
from tests.processes import CHROMIUM, CHROMIUM_ARGS, require_chromium

ORIGIN = "http://localhost/"  # a secure context, where a page may use the microphone
RECORD = """async (type) => {
  const stream = await navigator.mediaDevices.getUserMedia({audio: true});
  const recorder = new MediaRecorder(stream, {mimeType: type, audioBitsPerSecond: 16000});
  const chunks = [];
  recorder.ondataavailable = (e) => chunks.push(e.data);
  const stopped = new Promise((resolve) => { recorder.onstop = resolve; });
  recorder.start(250);
  await new Promise((resolve) => setTimeout(resolve, 1200));
  recorder.stop();
  await stopped;
  const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
  return btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(""));
}"""


@pytest.fixture(scope="module")
def recorder_page(playwright_driver: Any) -> Iterator[Any]:
    require_chromium()
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=[
        *CHROMIUM_ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"])
    page = browser.new_page()
    page.route(ORIGIN, lambda route: route.fulfill(body="<p>micro</p>", content_type="text/html"))
    page.goto(ORIGIN)
    yield page
    browser.close()


@pytest.mark.parametrize("mime_type", ["audio/webm;codecs=opus", "audio/webm", "audio/mp4"])
def test_a_chromium_recording_passes_the_container_check(recorder_page: Any,
                                                         mime_type: str) -> None:
    recorded = base64.b64decode(recorder_page.evaluate(RECORD, mime_type))

    assert is_audio_container(mime_type.split(";", maxsplit=1)[0], recorded)
