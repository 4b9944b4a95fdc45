"""The renderer: Markdown and Jinja templates to HTML (markdown, html, templates/), chart specs
and their drawing (charts, chart_drawing), the PDF worker and tagged PDF output (output,
pdf_worker, hyphenation) and the build timeline (timing)."""
