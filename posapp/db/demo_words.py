"""The demo catalogue's vocabulary: categories with their products, price ranges and units, brand
name parts, variants, pack sizes and lifecycle states. Data only; demo_data generates from it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CategorySpec:
    code: str
    name: str
    tax_class: str
    nouns: tuple[str, ...]
    sizes: tuple[str, ...]
    price_range: tuple[int, int]  # minor units
    weighed_share: float = 0.0  # share of products sold by weight (price per kg)


CATEGORIES = (
    CategorySpec(
        "DAI",
        "Dairy",
        "RED",
        (
            "Whole Milk",
            "Semi-Skimmed Milk",
            "Greek Yogurt",
            "Butter",
            "Cheddar",
            "Mozzarella",
            "Cream Cheese",
            "Kefir",
            "Crème Fraîche",
            "Quark",
        ),
        ("150 g", "250 g", "500 g", "1 L", "2 L"),
        (49, 699),
    ),
    CategorySpec(
        "BAK",
        "Bakery",
        "RED",
        (
            "Sourdough Bread",
            "Baguette",
            "Croissants",
            "Rye Bread",
            "Bagels",
            "Muffins",
            "Brioche",
            "Pretzels",
        ),
        ("1 pc", "4 pcs", "500 g", "750 g"),
        (79, 449),
    ),
    CategorySpec(
        "BEV",
        "Beverages",
        "STD",
        (
            "Cola",
            "Orange Juice",
            "Apple Juice",
            "Sparkling Water",
            "Still Water",
            "Iced Tea",
            "Lemonade",
            "Energy Drink",
            "Café Crema Beans",
        ),
        ("330 ml", "500 ml", "1 L", "1.5 L", "6 × 330 ml"),
        (39, 1299),
    ),
    CategorySpec(
        "SNK",
        "Snacks",
        "STD",
        (
            "Potato Chips",
            "Jalapeño Chips",
            "Salted Peanuts",
            "Chocolate Bar",
            "Gummy Bears",
            "Pretzel Sticks",
            "Crackers",
            "Müsli Bar",
        ),
        ("40 g", "100 g", "175 g", "200 g", "300 g"),
        (59, 499),
    ),
    CategorySpec(
        "PRO",
        "Fruit & Vegetables",
        "RED",
        (
            "Bananas",
            "Apples",
            "Tomatoes",
            "Potatoes",
            "Carrots",
            "Onions",
            "Grapes",
            "Pears",
            "Courgettes",
            "Avocados",
        ),
        ("1 kg", "500 g", "pack"),
        (49, 599),
        weighed_share=0.35,
    ),
    CategorySpec(
        "MEA",
        "Meat & Deli",
        "RED",
        (
            "Chicken Breast",
            "Beef Mince",
            "Pork Chops",
            "Salami",
            "Smoked Ham",
            "Bratwurst",
            "Turkey Slices",
        ),
        ("200 g", "400 g", "1 kg"),
        (199, 1999),
        weighed_share=0.25,
    ),
    CategorySpec(
        "FRZ",
        "Frozen",
        "RED",
        (
            "Pizza Margherita",
            "Peas",
            "Fish Fingers",
            "Vanilla Ice Cream",
            "Spinach",
            "French Fries",
        ),
        ("300 g", "450 g", "1 kg"),
        (129, 799),
    ),
    CategorySpec(
        "HOU",
        "Household",
        "STD",
        (
            "Dish Soap",
            "Laundry Detergent",
            "Paper Towels",
            "Toilet Paper",
            "Sponges",
            "Bin Bags",
            "Glass Cleaner",
        ),
        ("1 pc", "3 pcs", "750 ml", "1.5 L", "8 rolls"),
        (99, 1499),
    ),
    CategorySpec(
        "PER",
        "Personal Care",
        "STD",
        (
            "Shampoo",
            "Toothpaste",
            "Shower Gel",
            "Deodorant",
            "Hand Cream",
            "Razor Blades",
            "Cotton Pads",
        ),
        ("50 ml", "75 ml", "250 ml", "400 ml"),
        (149, 1299),
    ),
    CategorySpec(
        "PAN",
        "Pantry",
        "RED",
        (
            "Spaghetti",
            "Basmati Rice",
            "Olive Oil",
            "Tomato Sauce",
            "Plain Flour",
            "Sugar",
            "Honey",
            "Peanut Butter",
            "Oat Flakes",
        ),
        ("250 g", "500 g", "1 kg", "750 ml"),
        (69, 1199),
    ),
)

BRAND_STARTS = (
    "Alpen",
    "Nord",
    "Sun",
    "Gold",
    "Green",
    "Royal",
    "Blue",
    "Silver",
    "Maple",
    "Oak",
    "River",
    "Stone",
    "Bright",
    "Fresh",
    "Happy",
    "Old",
    "Wild",
    "Pure",
    "Baltic",
    "Karpat",
    "Sierra",
    "Vita",
)
BRAND_ENDS = (
    "hof",
    "field",
    "dale",
    "land",
    "ville",
    "wood",
    "brook",
    "farm",
    "mark",
    "well",
    "ridge",
    "haven",
)
VARIANTS = (
    "",
    "",
    "",
    "Organic",
    "Classic",
    "Light",
    "Extra",
    "Premium",
    "Family",
    "Mini",
    "Original",
    "Spicy",
    "Smoked",
    "Value",
)
PACK_SIZES = (6, 12, 24)
STATES = (
    ("ACTIVE", 0.92),
    ("NEW", 0.03),
    ("PHASE_OUT", 0.02),
    ("DISCONTINUED", 0.02),
    ("ARCHIVED", 0.01),
)
BRAND_NAMES = tuple(start + end for start in BRAND_STARTS for end in BRAND_ENDS)
