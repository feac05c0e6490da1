"""An order's receipt, in French: a PDF for the printer (58 mm thermal strip or A5) and plain
text for WhatsApp, both drawn from one `Receipt`."""
