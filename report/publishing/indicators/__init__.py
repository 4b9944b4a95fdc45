"""Indicators of the commitment and the performance agreement: one model (data), the
commitment (commitment) and agreement (agreement) as read, values, targets, trend and status
(resolve), and the agreement shaped for theme chapters and the appendix (performance)."""
