"""What the report says: chapters and facts from the content folder, the carbon chapter's
figures and wording, the methodology box, interface strings, and the template context."""
