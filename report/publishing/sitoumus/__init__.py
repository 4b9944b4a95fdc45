"""The Sitoumus 2050 export in the platform's own model (model, platform.yaml), the document and
its files (export, schemas/) and the texts to paste into the platform's form (text)."""
