"""What the report says: chapters and facts from the content folder, the carbon chapter's
figures and wording, the methodology appendix, interface strings, and the template context."""
