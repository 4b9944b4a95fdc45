

def test_every_goal_chip_reads_at_wcag_aa():
    """Every SDG chip's number has a contrast of at least 4.5:1 on its official colour (SDG 5's
    red takes black: white on it is 3.6:1)."""
    from sdg.goals import contrast, load_goals
    goals = load_goals().goals
    for g in goals.values():
        assert contrast(g.text_colour, g.colour) >= 4.5, g.number
    assert contrast("#ffffff", goals[5].colour) < 4.5 and goals[5].text_colour == "#000000"
    assert contrast("#000000", "#ffffff") == 21.0
