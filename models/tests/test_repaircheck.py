from pyvalidator.repaircheck import plausible


def test_a_guess_is_plausible_only_in_the_same_lexical_class():
    names = {"lo", "hi", "x"}
    assert plausible(" >=", " <", names)
    assert plausible(" +", " -", names)
    assert plausible(" 0", " 1", names)
    assert plausible(" True", " False", names)
    assert plausible(" and", " or", names)
    assert plausible(" lo", " hi", names)
    assert not plausible(" lo", " other", names)  # a name that is not in the unit
    assert not plausible(" >=", " >=", names)  # itself
    assert not plausible(" >=", " lo", names)
    assert not plausible(" 1", " x", names)
