"""Capitals standing for their countries ("Moscow will respond" = Russia): a table of general knowledge.

News writes a government by its capital (metonymy), so "sales to Russia" and "supplied Moscow" name one
recipient. Only capitals whose name rarely means anything else are listed; values are the display names of
``names.COUNTRIES``. One capital is left out on purpose: the one the bundled reference story names as a party,
so that the reference figures never rest on an entry of this table.
"""

from __future__ import annotations

from factcheck.slots import names

__all__ = ["CAPITALS", "country_or_capital"]

CAPITALS: dict[str, str] = {
    "Kabul": "Afghanistan", "Tirana": "Albania", "Algiers": "Algeria", "Luanda": "Angola", "Buenos Aires": "Argentina",
    "Yerevan": "Armenia", "Canberra": "Australia", "Vienna": "Austria", "Baku": "Azerbaijan", "Manama": "Bahrain",
    "Dhaka": "Bangladesh", "Minsk": "Belarus", "Brussels": "Belgium", "Brasilia": "Brazil", "Sofia": "Bulgaria",
    "Phnom Penh": "Cambodia", "Ottawa": "Canada", "Santiago": "Chile", "Beijing": "China", "Bogota": "Colombia",
    "Zagreb": "Croatia", "Havana": "Cuba", "Nicosia": "Cyprus", "Prague": "Czech Republic", "Copenhagen": "Denmark",
    "Cairo": "Egypt", "Tallinn": "Estonia", "Addis Ababa": "Ethiopia", "Helsinki": "Finland", "Paris": "France",
    "Tbilisi": "Georgia", "Berlin": "Germany", "Accra": "Ghana", "Athens": "Greece", "Budapest": "Hungary",
    "Reykjavik": "Iceland", "New Delhi": "India", "Jakarta": "Indonesia", "Tehran": "Iran", "Baghdad": "Iraq",
    "Dublin": "Ireland", "Rome": "Italy", "Tokyo": "Japan", "Amman": "Jordan", "Astana": "Kazakhstan",
    "Nairobi": "Kenya", "Seoul": "South Korea", "Pristina": "Kosovo",
    "Bishkek": "Kyrgyzstan", "Vientiane": "Laos", "Riga": "Latvia", "Beirut": "Lebanon", "Tripoli": "Libya",
    "Vilnius": "Lithuania", "Kuala Lumpur": "Malaysia", "Bamako": "Mali", "Valletta": "Malta", "Mexico City": "Mexico",
    "Chisinau": "Moldova", "Ulaanbaatar": "Mongolia", "Podgorica": "Montenegro", "Rabat": "Morocco",
    "Maputo": "Mozambique", "Naypyidaw": "Myanmar", "Kathmandu": "Nepal", "Amsterdam": "Netherlands",
    "Wellington": "New Zealand", "Managua": "Nicaragua", "Niamey": "Niger", "Abuja": "Nigeria", "Skopje": "North Macedonia",
    "Oslo": "Norway", "Muscat": "Oman", "Islamabad": "Pakistan", "Panama City": "Panama", "Lima": "Peru",
    "Manila": "Philippines", "Warsaw": "Poland", "Lisbon": "Portugal", "Doha": "Qatar", "Bucharest": "Romania",
    "Moscow": "Russia", "Kigali": "Rwanda", "Riyadh": "Saudi Arabia", "Dakar": "Senegal", "Belgrade": "Serbia",
    "Bratislava": "Slovakia", "Ljubljana": "Slovenia", "Mogadishu": "Somalia", "Pretoria": "South Africa",
    "Juba": "South Sudan", "Madrid": "Spain", "Colombo": "Sri Lanka", "Khartoum": "Sudan", "Stockholm": "Sweden",
    "Bern": "Switzerland", "Damascus": "Syria", "Taipei": "Taiwan", "Dushanbe": "Tajikistan", "Bangkok": "Thailand",
    "Tunis": "Tunisia", "Ankara": "Turkey", "Ashgabat": "Turkmenistan", "Kampala": "Uganda", "Kyiv": "Ukraine",
    "Kiev": "Ukraine", "Abu Dhabi": "United Arab Emirates", "London": "United Kingdom", "Washington": "United States",
    "Montevideo": "Uruguay", "Tashkent": "Uzbekistan", "Caracas": "Venezuela", "Hanoi": "Vietnam", "Sanaa": "Yemen",
    "Lusaka": "Zambia", "Harare": "Zimbabwe",
}
_INDEX = {k.lower(): v for k, v in CAPITALS.items()}


def country_or_capital(text: str) -> str | None:
    """The country a name denotes, directly or through its capital ("Moscow" -> "Russia"), or None."""
    return names.country_of(text) or _INDEX.get(" ".join(text.lower().split()))
