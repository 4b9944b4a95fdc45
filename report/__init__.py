"""The report builder: `pipeline` ties the document (what the report says), the renderer (how it
becomes HTML and tagged PDF) and the publishing side (indicators, exports, disclosure index)."""
