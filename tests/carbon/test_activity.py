from pathlib import Path

import pytest

from carbon.readers.activity import activity_emissions, load_activity, load_activity_map, read_activity_file
from carbon.errors import InputError
from carbon.readers.factors import DEFAULT_DIR, load_factors

MAP = DEFAULT_DIR / "activity_map.csv"


@pytest.fixture(scope="module")
def factors():
    return load_factors(DEFAULT_DIR)


def write(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "activity"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_negative_nights_name_file_row_column(tmp_path):
    folder = write(tmp_path, "accommodation_nights.csv",
                   "year,site,quantity,unit\n2021,A,100,night\n2021,B,-5,night\n")
    with pytest.raises(InputError) as err:
        read_activity_file(folder / "accommodation_nights.csv", "accommodation_nights")
    msg = str(err.value)
    assert "accommodation_nights.csv" in msg and "row 3" in msg and "'quantity'" in msg


def test_unknown_unit_is_an_error(tmp_path):
    folder = write(tmp_path, "fuels.csv", "year,site,item,quantity,unit\n2021,A,diesel,10,gallonz\n")
    with pytest.raises(InputError, match="unknown unit 'gallonz'"):
        read_activity_file(folder / "fuels.csv", "fuels")


def test_unit_mismatch_with_factor_is_an_error_not_a_number(tmp_path, factors):
    folder = write(tmp_path, "energy.csv", "year,site,item,quantity,unit\n2021,A,electricity,10,l\n")
    amap = load_activity_map(MAP, factors)
    act = load_activity(folder, amap)
    with pytest.raises(InputError) as err:
        activity_emissions(act, amap, factors, 2021)
    assert "energy.csv" in str(err.value) and "row 2" in str(err.value) and "kWh" in str(err.value)


def test_unknown_activity_file_is_reported(tmp_path, factors):
    folder = write(tmp_path, "bicycles.csv", "year,site,quantity,unit\n2021,A,1,km\n")
    with pytest.raises(InputError, match="no activity kind 'bicycles'"):
        load_activity(folder, load_activity_map(MAP, factors))


def test_market_and_location_based_scope2(tmp_path, factors):
    folder = write(tmp_path, "energy.csv", "year,site,item,quantity,unit,contract,control\n"
                                           "2021,A,electricity,1000,MWh,renewable,own\n"
                                           "2021,B,electricity,1000,kWh,,leased\n")
    amap = load_activity_map(MAP, factors)
    rows = activity_emissions(load_activity(folder, amap), amap, factors, 2021)
    loc = factors["electricity_fi_location"].value_for(2021)
    assert rows["kgco2e_location"].tolist() == pytest.approx([1e6 * loc, 1000 * loc])
    assert rows["kgco2e_market"].iloc[0] == 0.0  # renewable contract with guarantees of origin
    assert rows["scope"].tolist() == [2, 3]  # leased premises: scope 3 category 8
    assert rows["ghg_category"].iloc[1] == 8


def test_same_site_twice_is_an_error(tmp_path):
    folder = write(tmp_path, "accommodation_nights.csv",
                   "year,site,quantity,unit\n2021,A,1,night\n2021,A,2,night\n")
    with pytest.raises(InputError, match="appear twice"):
        read_activity_file(folder / "accommodation_nights.csv", "accommodation_nights")


def test_flights_counted_as_trips_are_converted_to_passenger_km(tmp_path, factors):
    folder = write(tmp_path, "flights.csv", "year,site,item,quantity,unit\n"
                                            "2021,A,long_haul,10,trip\n2021,A,short_haul,2000,pkm\n")
    amap = load_activity_map(MAP, factors)
    rows = activity_emissions(load_activity(folder, amap), amap, factors, 2021)
    km = float(amap.lookup("flights", "long_haul", "")["conversion"].split()[0])
    assert rows["kgco2e_location"].tolist() == pytest.approx([
        10 * km * factors["flight_long_haul"].value_for(2021),
        2000 * factors["flight_short_haul"].value_for(2021)])


def test_trips_without_a_conversion_are_a_unit_error(tmp_path, factors):
    folder = write(tmp_path, "hotel_nights.csv", "year,site,item,quantity,unit\n2021,A,FI,3,trip\n")
    amap = load_activity_map(MAP, factors)
    with pytest.raises(InputError, match="room_night"):
        activity_emissions(load_activity(folder, amap), amap, factors, 2021)
