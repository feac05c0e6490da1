"""Scanning a product's barcode with the phone's camera where the browser can (Chrome, Android)."""

from __future__ import annotations

from typing import Any

from tests.e2e_mobile.conftest import shoot
from tests.e2e_mobile.vendor import VendorApp

LAIT = "Lait frais de vache (1 L)"
LAIT_BARCODE = "6190001000018"  # the demo catalogue's

# Chromium on Linux has no BarcodeDetector: a fake one reads whatever `window.shownBarcode` holds,
# and the "camera" is a grey canvas. `window.cameraRefused` makes getUserMedia refuse.
FAKE_SCANNER = """
window.shownBarcode = null;
window.detections = 0;
window.BarcodeDetector = class {
  constructor(options) { window.detectorFormats = options ? options.formats : null; }
  static async getSupportedFormats() {
    return ['ean_13', 'ean_8', 'upc_a', 'upc_e', 'code_128', 'qr_code'];
  }
  async detect(source) {
    window.detections += 1;
    return window.shownBarcode ? [{ rawValue: window.shownBarcode, format: 'ean_13' }] : [];
  }
};
navigator.mediaDevices.getUserMedia = async (constraints) => {
  window.cameraConstraints = constraints;
  if (window.cameraRefused) throw new DOMException('Permission denied', 'NotAllowedError');
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 240;
  const context = canvas.getContext('2d');
  context.fillStyle = '#777';
  context.fillRect(0, 0, 320, 240);
  return canvas.captureStream(5);
};
"""


def open_products_step(app: VendorApp) -> None:
    app.log_in()
    app.page.get_by_role("link", name="Nouvelle commande").click()
    app.page.get_by_label("Nom du client").fill("Client du scanner")
    app.page.get_by_role("button", name="Suivant").click()
    app.page.get_by_label("Rechercher un produit").wait_for()


def show(page: Any, code: str | None) -> None:
    """Puts a code before the fake camera and waits until the detector has looked twice."""
    before = page.evaluate("() => window.detections")
    page.evaluate("(code) => { window.shownBarcode = code; }", code)
    page.wait_for_function("(n) => window.detections >= n + 2", arg=before)


def test_no_scanner_where_the_browser_has_no_barcode_detector(page: Any, server: str) -> None:
    app = VendorApp(page, server)
    open_products_step(app)
    assert page.evaluate("() => 'BarcodeDetector' in window") is False
    page.get_by_role("button", name=f"Ajouter : {LAIT}", exact=True).wait_for()
    assert page.get_by_role("button", name="Scanner un code-barres").count() == 0


def test_a_scanned_barcode_adds_its_product_and_an_unknown_one_says_so(
        page: Any, server: str) -> None:
    page.add_init_script(FAKE_SCANNER)
    app = VendorApp(page, server)
    open_products_step(app)
    page.get_by_role("button", name=f"Ajouter : {LAIT}", exact=True).wait_for()
    shoot(page, "19-produits-bouton-scanner")
    page.get_by_role("button", name="Scanner un code-barres").click()
    scanner = page.get_by_role("dialog", name="Scanner un code-barres")
    scanner.get_by_text("Visez le code-barres du produit.").wait_for()
    assert page.evaluate("() => window.cameraConstraints.video.facingMode") == "environment"
    assert "ean_13" in page.evaluate("() => window.detectorFormats")

    show(page, LAIT_BARCODE)
    scanner.get_by_text(f"Ajouté : {LAIT} — 1 L").wait_for()
    shoot(page, "20-scan-ajoute")
    show(page, LAIT_BARCODE)  # still in view: counted once
    show(page, None)
    show(page, f" {LAIT_BARCODE} ")  # shown again: one more
    scanner.get_by_text(f"Ajouté : {LAIT} — 2 L").wait_for()

    show(page, "4006381333931")
    scanner.get_by_role("status").filter(has_text="Code-barres inconnu : 4006381333931").wait_for()
    shoot(page, "21-scan-inconnu")

    scanner.get_by_role("button", name="Fermer").click()
    scanner.wait_for(state="hidden")
    assert page.evaluate(
        "() => window.gapalScanStream.getTracks().every((track) => track.readyState === 'ended')")
    assert page.get_by_label(f"Quantité de {LAIT}", exact=True).input_value() == "2"
    page.locator(".running-total").get_by_text("1\u00a0000\u00a0FCFA").wait_for()


def test_a_refused_camera_says_so_in_french(page: Any, server: str) -> None:
    page.add_init_script(FAKE_SCANNER + "window.cameraRefused = true;")
    app = VendorApp(page, server)
    open_products_step(app)
    page.get_by_role("button", name="Scanner un code-barres").click()
    scanner = page.get_by_role("dialog", name="Scanner un code-barres")
    scanner.get_by_text("Accès à la caméra refusé").wait_for()
    shoot(page, "22-scan-camera-refusee")
    scanner.get_by_role("button", name="Fermer").click()
    scanner.wait_for(state="hidden")
