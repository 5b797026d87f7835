"""Write ``src/chatsignals/data/demo_catalog.json``: invented advertisers, ads, content, people.

Everything here is hand-written demo data: brands, handles and people are made up, landing
pages point at example.com / example.org, and every category is an IAB Content Taxonomy 3.1
node id. The output is deterministic (one fixed seed for bids, budgets, apps and dates).

    .venv/bin/python scripts/make_demo_catalog.py          # write and check
    .venv/bin/python scripts/make_demo_catalog.py --check  # only check the existing file
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "chatsignals" / "data" / "demo_catalog.json"
SEED = 20251215

ATTRIBUTION = (
    "Invented demo data for chatsignals: every advertiser, brand, ad, post, handle and person "
    "in this file is fictional, and all landing pages point at example.com or example.org. "
    "Categories are IAB Tech Lab Content Taxonomy 3.1 node ids (CC BY 3.0)."
)

# ---------------------------------------------------------------------------------------
# Advertisers and ads
#
# Each advertiser: (id, name, countries, min_age, ads). ``countries`` [] means anywhere.
# Each ad: (slug, title, body, categories, interests); interests [] means untargeted.
# ---------------------------------------------------------------------------------------

NA = ["US", "CA"]
AdSpec = tuple[str, str, str, list[str], list[str]]
AdvertiserSpec = tuple[str, str, list[str], int | None, list[AdSpec]]

ADVERTISERS: list[AdvertiserSpec] = [
    (
        "trailco",
        "TrailCo Outfitters",
        NA,
        13,
        [
            (
                "boots",
                "Waterproof hiking boots",
                "Grippy soles, 2-year warranty. Free returns.",
                ["159", "551"],
                ["159", "542", "677"],
            ),
            (
                "daypack",
                "The 24L daypack that fits everything",
                "Hydration sleeve, rain cover, hip-belt pockets. Built for long trail days.",
                ["159"],
                ["159", "160", "679"],
            ),
            (
                "rainshell",
                "A rain shell that actually breathes",
                "Packs into its own pocket, weighs 9 oz. Stay dry on the ridge.",
                ["159", "586"],
                ["159", "542", "390"],
            ),
            (
                "poles",
                "Carbon trekking poles, 30% off",
                "Flick-lock, cork grips, under a pound a pair. Your knees will thank you.",
                ["159", "551"],
                ["159", "542"],
            ),
            (
                "headlamp",
                "400-lumen rechargeable headlamp",
                "USB-C, red night mode, 40-hour burn. Start before sunrise.",
                ["159"],
                [],
            ),
        ],
    ),
    (
        "ridgeline",
        "Ridgeline Camp Supply",
        ["US", "CA", "AU"],
        13,
        [
            (
                "tent",
                "2-person backpacking tent, 3 lbs",
                "Sets up in 4 minutes with one pole. Room for two and your boots.",
                ["677"],
                ["677", "159", "665"],
            ),
            (
                "sleepingbag",
                "20°F down sleeping bag",
                "Water-resistant down, draft collar, stuff sack included.",
                ["677"],
                ["677", "159"],
            ),
            (
                "stove",
                "Canister stove: boil in 3 minutes",
                "Fits in a mug, piezo ignition. Hot coffee at camp, every time.",
                ["677", "216"],
                ["677", "159"],
            ),
            (
                "chairs",
                "Camp chairs that fold to the size of a water bottle",
                "Holds 300 lbs, sets up in seconds. Perfect for the lake weekend.",
                ["677"],
                [],
            ),
            (
                "kayak",
                "Inflatable touring kayak",
                "Fits in your trunk, paddles like a hardshell. Lakes, rivers, coastlines.",
                ["499"],
                ["499", "159", "677"],
            ),
        ],
    ),
    (
        "hearthpan",
        "Hearth & Pan Cookware",
        NA,
        13,
        [
            (
                "castiron",
                "Pre-seasoned cast-iron skillet",
                "Sears like a steakhouse, lasts for generations. 12-inch, lifetime guarantee.",
                ["216"],
                ["216", "215"],
            ),
            (
                "knife",
                "The chef's knife pros reach for",
                "German steel, hand-honed edge, balanced grip. Free sharpening for life.",
                ["216"],
                ["216", "214"],
            ),
            (
                "dutchoven",
                "Enameled Dutch oven in 6 colors",
                "Braise, bake bread, simmer stock. Oven-safe to 500°F.",
                ["216", "217"],
                ["216", "217"],
            ),
            (
                "class",
                "Live online cooking classes",
                "Cook dumplings, risotto or pad thai alongside a chef. First class free.",
                ["216", "148"],
                ["216", "214", "148"],
            ),
            (
                "bakeware",
                "Nonstick bakeware set, 8 pieces",
                "Sheet pans, loaf pans, muffin tin. Holiday baking season starts here.",
                ["217"],
                [],
            ),
        ],
    ),
    (
        "greenbasket",
        "GreenBasket Meal Kits",
        ["US"],
        18,
        [
            (
                "weeknight",
                "Dinner in 20 minutes, no grocery run",
                "Pre-portioned ingredients, step-by-step cards. 50% off your first box.",
                ["216", "477"],
                ["216", "221"],
            ),
            (
                "vegan",
                "Plant-based meal kits, chef designed",
                "Hearty vegan dinners with 30+ g of protein. Skip or pause anytime.",
                ["212"],
                ["212", "213", "221"],
            ),
            (
                "family",
                "Family box: kid-approved dinners",
                "Mild, fast, and actually eaten. Serves 4 for under $10 a plate.",
                ["216", "197"],
                ["192", "197", "216"],
            ),
            (
                "lowcal",
                "Calorie-smart meal kits",
                "Under 600 calories, full of flavor. Dietitian-approved recipes.",
                ["221", "231"],
                ["221", "231", "229"],
            ),
        ],
    ),
    (
        "copperkettle",
        "Copper Kettle Coffee Roasters",
        NA,
        13,
        [
            (
                "subscription",
                "Fresh-roasted coffee, delivered",
                "Roasted to order, shipped in 48 hours. Pick your roast, pause anytime.",
                ["222"],
                ["222", "216"],
            ),
            (
                "holidayblend",
                "Limited holiday blend is back",
                "Notes of dark chocolate and orange peel. Only while it lasts.",
                ["222", "478"],
                [],
            ),
            (
                "tea",
                "Loose-leaf tea sampler: 12 origins",
                "From Darjeeling to Uji matcha. A cozy gift for tea lovers.",
                ["222", "476"],
                [],
            ),
            (
                "coldbrew",
                "Cold brew kit for home",
                "Smooth, low-acid coffee in 12 hours. Reusable filter included.",
                ["222"],
                ["222", "221"],
            ),
        ],
    ),
    (
        "oakbarrel",
        "Oak & Barrel Wine Club",
        ["US"],
        21,
        [
            (
                "wineclub",
                "Six wines, picked for you",
                "Small vineyards, tasting notes, free shipping. Cancel anytime. 21+.",
                ["211"],
                ["211", "218"],
            ),
            (
                "craftbeer",
                "Craft beer sampler: 12 local breweries",
                "IPAs, stouts and sours from independent brewers. 21+ only.",
                ["211"],
                ["211", "215"],
            ),
            (
                "whiskey",
                "Small-batch bourbon tasting flight",
                "Five pours, one evening, guided by a master distiller. Must be 21+.",
                ["211"],
                ["211"],
            ),
            (
                "pairing",
                "Wine pairing night for your next dinner party",
                "Tell us the menu, we'll match the bottles. 21+.",
                ["211", "279"],
                ["211", "279", "216"],
            ),
        ],
    ),
    (
        "wanderly",
        "Wanderly Trips",
        [],
        18,
        [
            (
                "japan",
                "Japan in autumn: 10 days, rail pass included",
                "Kyoto temples, Tokyo food halls, onsen nights. Small groups of 12.",
                ["657", "669"],
                ["657", "669", "214"],
            ),
            (
                "patagonia",
                "Trek Patagonia with local guides",
                "W Trek, refugios booked, gear list included. Departures Nov–Mar.",
                ["662", "665"],
                ["662", "665", "159"],
            ),
            (
                "eurorail",
                "Europe by rail: 5 cities, one pass",
                "Paris, Amsterdam, Berlin, Prague, Vienna. Flexible dates.",
                ["659", "669"],
                ["659", "669", "675"],
            ),
            (
                "beach",
                "Beach week, all-inclusive",
                "Turquoise water, swim-up bar, kids club. Book now, pay later.",
                ["673"],
                ["673", "667", "666"],
            ),
            (
                "nationalparks",
                "National parks road trip, planned for you",
                "Zion, Bryce, Grand Canyon. Lodges and routes included.",
                ["660", "670"],
                ["670", "160", "159"],
            ),
            (
                "lastminute",
                "Last-minute getaways under $400",
                "Flights plus hotel for the weekend. New deals every Thursday.",
                ["675"],
                [],
            ),
        ],
    ),
    (
        "bluewave",
        "BlueWave Cruises",
        NA,
        18,
        [
            (
                "caribbean",
                "7-night Caribbean cruise from $699",
                "Three islands, a private beach day and Broadway-style shows.",
                ["678", "673"],
                ["678", "673"],
            ),
            (
                "alaska",
                "Alaska glaciers by ship",
                "Whale watching, Juneau, Glacier Bay. Balcony upgrades this week.",
                ["678", "660"],
                ["678", "660", "160"],
            ),
            (
                "kidsfree",
                "Kids sail free on winter cruises",
                "Water slides, kids club, family suites. Limited dates.",
                ["678", "666"],
                ["666", "678"],
            ),
        ],
    ),
    (
        "packlite",
        "PackLite Luggage",
        [],
        13,
        [
            (
                "carryon",
                "The carry-on that fits every airline",
                "Compression zip, laptop pocket, spinner wheels. 10-year warranty.",
                ["654", "672"],
                ["654", "672", "676"],
            ),
            (
                "cubes",
                "Packing cubes, set of 6",
                "Fit 30% more in your bag. Color-coded, washable.",
                ["654"],
                ["654", "663"],
            ),
            (
                "pillow",
                "A travel pillow you'll actually sleep on",
                "Memory foam, packs flat. Made for red-eyes.",
                ["654", "672"],
                [],
            ),
            (
                "backpack",
                "40L travel backpack, carry-on size",
                "Opens like a suitcase, hides your passport. Built for backpackers.",
                ["654", "675"],
                ["675", "665", "654"],
            ),
        ],
    ),
    (
        "voltbyte",
        "VoltByte Electronics",
        [],
        13,
        [
            (
                "phone",
                "The phone with a 2-day battery",
                "6.5-inch OLED, 50 MP camera, 5 years of updates. Trade in and save $200.",
                ["635"],
                ["635", "632"],
            ),
            (
                "laptop",
                "14-inch laptop, 18-hour battery",
                "Under 3 lbs, backlit keys, fast charging. Student discount available.",
                ["630"],
                ["630", "148", "130"],
            ),
            (
                "earbuds",
                "Noise-cancelling earbuds",
                "30 hours with the case, crisp calls, water resistant. Now $79.",
                ["632", "338"],
                ["338", "632", "227"],
            ),
            (
                "watch",
                "Smartwatch with GPS and heart-rate tracking",
                "Maps your runs and rides, 10-day battery.",
                ["637"],
                ["637", "225", "227"],
            ),
            (
                "tablet",
                "10-inch tablet for reading and streaming",
                "Sharp screen, all-day battery, kids profiles.",
                ["636"],
                [],
            ),
            (
                "camera",
                "Mirrorless camera kit for beginners",
                "24 MP, 4K video, kit lens included. Learn with free online lessons.",
                ["633", "255"],
                ["633", "255", "206"],
            ),
        ],
    ),
    (
        "nimbuscloud",
        "Nimbus Cloud",
        [],
        18,
        [
            (
                "backup",
                "Back up every photo automatically",
                "2 TB of encrypted cloud storage for the whole family.",
                ["620", "616"],
                ["620", "255"],
            ),
            (
                "vpn",
                "A VPN that doesn't slow you down",
                "Servers in 60 countries, no logs. Secure public Wi-Fi in one tap.",
                ["618"],
                ["618", "676"],
            ),
            (
                "passwords",
                "Stop reusing passwords",
                "A password manager for every device. Free for one user.",
                ["618"],
                [],
            ),
            (
                "smallbiz",
                "Cloud tools for small businesses",
                "Shared drives, email, video calls. 30-day free trial for teams.",
                ["60", "620"],
                ["60", "61", "130"],
            ),
        ],
    ),
    (
        "homenest",
        "HomeNest Smart Home",
        NA,
        18,
        [
            (
                "thermostat",
                "A smart thermostat that pays for itself",
                "Learns your schedule, cuts heating bills by up to 15%.",
                ["277"],
                ["277", "418"],
            ),
            (
                "doorbell",
                "Video doorbell with package alerts",
                "HD video, two-way talk, no monthly fee.",
                ["281", "277"],
                ["281", "277"],
            ),
            (
                "bulbs",
                "Smart bulbs, 4-pack",
                "16 million colors, voice control, schedules. Works with any hub.",
                ["277"],
                ["277", "283"],
            ),
            (
                "airpurifier",
                "Quiet air purifier for bedrooms",
                "HEPA filter, whisper mode, filter alerts in the app.",
                ["282"],
                [],
            ),
        ],
    ),
    (
        "pulsefit",
        "PulseFit Studios",
        NA,
        16,
        [
            (
                "membership",
                "First month of classes for $1",
                "HIIT, spin, strength and yoga. 200+ studios.",
                ["225"],
                ["225", "226"],
            ),
            (
                "runshoes",
                "Running shoes fitted to your stride",
                "Free gait analysis in store. Cushioned, light, made for miles.",
                ["227", "589"],
                ["227", "225", "540"],
            ),
            (
                "kettlebells",
                "Adjustable kettlebell, 8–40 lbs",
                "Replaces six bells. Home workouts, no clutter.",
                ["544", "551"],
                ["544", "225"],
            ),
            (
                "app",
                "Home workouts in 20 minutes",
                "Coach-led videos, no equipment needed. Try free for 14 days.",
                ["225"],
                ["225", "695"],
            ),
            (
                "halfmarathon",
                "Your first half marathon, coached",
                "12-week plan, weekly group runs, finish-line guarantee.",
                ["227"],
                ["227", "540"],
            ),
        ],
    ),
    (
        "leanleaf",
        "LeanLeaf Nutrition Coaching",
        ["US", "CA"],
        18,
        [
            (
                "coach",
                "Lose weight without giving up dinner",
                "1:1 coaching with a registered dietitian. Plans that fit real life.",
                ["231"],
                ["231", "229"],
            ),
            (
                "mealplan",
                "A weekly meal plan built around you",
                "Grocery list included. Simple, balanced, no fads.",
                ["229", "221"],
                ["229", "221", "231"],
            ),
            (
                "challenge",
                "Join the 30-day healthy habits challenge",
                "Walk more, cook more, sleep better. Free community.",
                ["231", "542"],
                ["231", "542", "225"],
            ),
        ],
    ),
    (
        "wagwell",
        "WagWell Pet Co.",
        [],
        13,
        [
            (
                "dogfood",
                "Fresh dog food, delivered",
                "Real meat and veggies, portioned for your dog. 50% off your first box.",
                ["425", "431"],
                ["425", "431"],
            ),
            (
                "litter",
                "Clumping litter that traps odors",
                "Plant-based, low dust, flushable. Your cat will approve.",
                ["424", "431"],
                [],
            ),
            (
                "toys",
                "Indestructible chew toys",
                "Made for power chewers. Replaced free if they break.",
                ["425", "431"],
                [],
            ),
            (
                "adoption",
                "Adoption weekend: meet your new best friend",
                "Dogs, cats and rabbits looking for homes. Fees waived Saturday.",
                ["428"],
                ["428", "425", "424"],
            ),
            (
                "harness",
                "No-pull harness for trail dogs",
                "Reflective, padded, with a handle for scrambles.",
                ["425", "159"],
                ["425", "159", "542"],
            ),
        ],
    ),
    (
        "pixelforge",
        "PixelForge Games",
        [],
        13,
        [
            (
                "rpg",
                "Emberfall: the open-world RPG, out now",
                "80 hours of story, co-op raids, no loot boxes.",
                ["687", "681"],
                ["687", "681", "684"],
            ),
            (
                "puzzle",
                "Tilewise: a puzzle a day",
                "Calm, clever, free to play. 10 million players.",
                ["698", "683"],
                ["698", "683", "693"],
            ),
            (
                "strategy",
                "Build an empire in Crown & Coast",
                "Turn-based strategy with online leagues. Free weekend on PC.",
                ["690", "684"],
                ["690", "684"],
            ),
            (
                "racing",
                "Gridline Racing: season 3",
                "New tracks, cross-play, weekly cups.",
                ["VK7KD0", "681"],
                ["VK7KD0", "681"],
            ),
            (
                "esports",
                "Watch the Emberfall Invitational live",
                "Top teams, $250K prize pool. Free stream Saturday.",
                ["682"],
                ["682", "687"],
            ),
        ],
    ),
    (
        "soundharbor",
        "SoundHarbor Music",
        [],
        13,
        [
            (
                "streaming",
                "Three months of music, free",
                "100 million songs, no ads, offline listening.",
                ["338"],
                [],
            ),
            (
                "guitar",
                "Learn guitar in 10 minutes a day",
                "Video lessons that listen to you play. First 30 days free.",
                ["243"],
                ["243", "363", "353"],
            ),
            (
                "jazzfest",
                "Winter Jazz Nights: tickets on sale",
                "Four stages, 30 artists, one weekend downtown.",
                ["357"],
                ["357", "362"],
            ),
            (
                "vinyl",
                "Vinyl of the month club",
                "A hand-picked record on your doorstep every month.",
                ["363", "366"],
                ["363", "366", "261"],
            ),
            (
                "producer",
                "Make beats on your laptop",
                "Beginner-friendly music production course with sample packs.",
                ["265", "351"],
                ["265", "351", "355"],
            ),
        ],
    ),
    (
        "marqueeplus",
        "Marquee+ Streaming",
        [],
        13,
        [
            (
                "scifi",
                "Every sci-fi epic in one place",
                "Stream new originals and classic space operas. 7 days free.",
                ["652", "640"],
                ["652", "324", "640"],
            ),
            (
                "docs",
                "Documentaries worth staying up for",
                "Nature, history and true stories. New titles every Friday.",
                ["332"],
                ["332", "VKIV56", "EZWB7V"],
            ),
            (
                "comedy",
                "Stand-up specials, all weekend",
                "Fresh sets from 40 comedians. Start your free trial.",
                ["646"],
                ["646", "440"],
            ),
            (
                "horror",
                "Horror nights: one new film a week",
                "Lights off. Sound up. Ad-free plan from $6.99.",
                ["336", "324"],
                ["336", "324"],
            ),
            (
                "familyplan",
                "Movie night for the whole family",
                "Animated hits and kids profiles with parental controls.",
                ["645", "641"],
                [],
            ),
        ],
    ),
    (
        "fieldday",
        "FieldDay Sports Gear",
        NA,
        13,
        [
            (
                "cleats",
                "Firm-ground soccer cleats",
                "Lightweight upper, locked-in fit. Pro styles from $69.",
                ["533", "551"],
                ["533", "551"],
            ),
            (
                "basketball",
                "Indoor/outdoor basketball, official size",
                "Deep channels, soft grip. Court-tested.",
                ["547", "551"],
                [],
            ),
            (
                "racket",
                "Tennis rackets: demo before you buy",
                "Try three rackets for a week. Restringing included.",
                ["539", "551"],
                ["539"],
            ),
            (
                "golf",
                "Forgiving irons for mid-handicappers",
                "More distance, straighter misses. Free custom fitting.",
                ["512", "551"],
                ["512"],
            ),
            (
                "ski",
                "Season ski rental, kids and adults",
                "Skis, boots and poles for the whole winter from $149.",
                ["531"],
                ["531", "504", "523"],
            ),
            (
                "bike",
                "Gravel bike, ready for anything",
                "Carbon fork, wide tires, 2x gearing. Test rides this weekend.",
                ["492", "551"],
                ["492", "159"],
            ),
        ],
    ),
    (
        "littlesprout",
        "Little Sprout Baby & Kids",
        NA,
        18,
        [
            (
                "stroller",
                "A stroller that folds with one hand",
                "All-terrain wheels, huge basket, 14 lbs.",
                ["196"],
                ["196", "192"],
            ),
            (
                "stem",
                "STEM building sets for ages 6–10",
                "Motors, gears and 200 pieces. Screen-free fun.",
                ["482", "197"],
                ["197", "482"],
            ),
            (
                "pajamas",
                "Organic cotton kids' pajamas",
                "Soft, snug, and made to last through hand-me-downs.",
                ["575"],
                ["575", "196", "197"],
            ),
            (
                "giftguide",
                "Holiday gift guide for kids",
                "Top toys by age, wrapped and shipped free.",
                ["482", "478"],
                [],
            ),
        ],
    ),
    (
        "rootandbloom",
        "Root & Bloom Garden Center",
        NA,
        13,
        [
            (
                "seeds",
                "Heirloom seed collection",
                "30 vegetable and herb varieties, grown organically.",
                ["275"],
                ["275", "221"],
            ),
            (
                "raisedbed",
                "Cedar raised garden beds",
                "No tools needed. Grow tomatoes on a patio.",
                ["275"],
                ["275", "284"],
            ),
            (
                "bulbs",
                "Plant spring bulbs now",
                "Tulips, daffodils, alliums. Bloom guarantee.",
                ["275"],
                [],
            ),
            (
                "landscape",
                "Free landscape design consultation",
                "Native plants, less watering, more birds.",
                ["284"],
                ["284", "259", "285"],
            ),
        ],
    ),
    (
        "brightbuild",
        "BrightBuild Home Improvement",
        NA,
        18,
        [
            (
                "paint",
                "Zero-VOC interior paint",
                "One-coat coverage in 1,200 colors. Free peel-and-stick samples.",
                ["280", "283"],
                ["280", "283"],
            ),
            (
                "drill",
                "Cordless drill and driver kit",
                "Two batteries, 20V, case included. Weekend projects sorted.",
                ["280", "257"],
                ["280", "257"],
            ),
            (
                "kitchen",
                "Kitchen remodel, designed in 3D",
                "Free in-home measure. Financing available.",
                ["276"],
                ["276", "447"],
            ),
            (
                "decor",
                "Cozy living room refresh",
                "Throws, lamps and rugs under $100.",
                ["283"],
                ["283", "279"],
            ),
            (
                "lights",
                "Outdoor string lights and holiday decor",
                "Weatherproof, timer built in. Light up the porch.",
                ["285", "478"],
                [],
            ),
        ],
    ),
    (
        "ledgerly",
        "Ledgerly Money",
        ["US"],
        18,
        [
            (
                "budget",
                "Know where every dollar goes",
                "Automatic budgets, bill reminders, no ads. Free for 34 days.",
                ["396", "397"],
                ["396", "397"],
            ),
            (
                "savings",
                "High-yield savings, no fees",
                "Earn more on your emergency fund. FDIC-insured partner banks.",
                ["392"],
                ["392", "396", "88"],
            ),
            (
                "creditcard",
                "2% cash back on everything",
                "No annual fee, no foreign transaction fees. Subject to approval.",
                ["406"],
                ["406", "676", "672"],
            ),
            (
                "loan",
                "Consolidate credit card debt",
                "One fixed monthly payment. Check your rate without affecting your score.",
                ["408"],
                ["408", "406"],
            ),
            (
                "ira",
                "Open a retirement account in 5 minutes",
                "Low-cost index portfolios, automatic rebalancing.",
                ["416", "414"],
                ["416", "414", "412"],
            ),
            (
                "taxes",
                "File your taxes free",
                "Simple returns, maximum refund guarantee.",
                ["415"],
                [],
            ),
            (
                "bizcheck",
                "Business checking for freelancers",
                "Invoices, expense tracking and tax set-asides in one account.",
                ["63", "60"],
                ["60", "266", "130"],
            ),
        ],
    ),
    (
        "shieldmutual",
        "Shield Mutual Insurance",
        NA,
        18,
        [
            (
                "auto",
                "Switch and save on car insurance",
                "Quote in 3 minutes. Safe-driver discounts.",
                ["402", "31"],
                ["402", "31", "30"],
            ),
            (
                "home",
                "Home insurance that covers the basement",
                "Flood add-ons, fast claims, 24/7 support.",
                ["400"],
                ["400", "447", "451"],
            ),
            (
                "travel",
                "Travel insurance for the trip of a lifetime",
                "Cancellation, lost bags and emergency evacuation cover.",
                ["404"],
                ["404", "665", "663"],
            ),
            (
                "pet",
                "Pet insurance from $12 a month",
                "Accidents and illness, any vet.",
                ["403"],
                ["403", "425", "424"],
            ),
        ],
    ),
    (
        "northdrive",
        "NorthDrive Motors",
        NA,
        18,
        [
            (
                "ev",
                "The all-electric crossover, 310-mile range",
                "Home charger installed free. Book a test drive.",
                ["22", "10"],
                ["22", "37"],
            ),
            (
                "pickup",
                "Tow 10,000 lbs in comfort",
                "Full-size pickup with a hybrid option. 0% APR for 48 months.",
                ["15"],
                ["15", "14", "159"],
            ),
            (
                "cpo",
                "Certified pre-owned, 172-point inspected",
                "Warranty included, 7-day return policy.",
                ["18", "30"],
                ["18", "30", "17"],
            ),
            (
                "service",
                "Winter tires and service special",
                "Tire swap and oil change for $89. Book online.",
                ["34", "32"],
                ["34", "32"],
            ),
            (
                "suv",
                "Three-row SUV with room for the gear",
                "AWD, 8 seats, roof rails for bikes and kayaks.",
                ["6"],
                ["6", "666", "677"],
            ),
        ],
    ),
    (
        "threadline",
        "Threadline Apparel",
        [],
        13,
        [
            (
                "parka",
                "Recycled-down winter parka",
                "Warm to -20°F, fleece-lined pockets, hood that stays put.",
                ["571", "586"],
                ["571", "586", "577"],
            ),
            (
                "denim",
                "Denim that fits on the first try",
                "Stretch selvedge in 40 sizes. Free hemming.",
                ["584", "568"],
                ["584", "568", "595"],
            ),
            (
                "sneakers",
                "Everyday white sneakers",
                "Leather uppers, cushioned insole, goes with everything.",
                ["589", "573"],
                ["589", "573", "595"],
            ),
            (
                "workwear",
                "Office outfits, no ironing",
                "Wrinkle-free blazers and trousers for the commute.",
                ["567", "583"],
                ["567", "583"],
            ),
            (
                "partydress",
                "Holiday party dresses from $59",
                "Velvet, sequins, satin. Free exchanges.",
                ["569"],
                ["569", "577", "478"],
            ),
            (
                "basics",
                "Organic cotton tees, 3 for $45",
                "Soft, pre-shrunk, made to be worn a lot.",
                ["584", "568"],
                [],
            ),
        ],
    ),
    (
        "glowroot",
        "GlowRoot Skincare",
        [],
        16,
        [
            (
                "serum",
                "Vitamin C serum for dull winter skin",
                "Brightens in 2 weeks. Fragrance-free, dermatologist tested.",
                ["559"],
                ["559", "557"],
            ),
            (
                "spf",
                "Daily SPF 50 that leaves no white cast",
                "Lightweight, works under makeup.",
                ["559"],
                [],
            ),
            (
                "haircare",
                "Repair mask for heat-damaged hair",
                "Five minutes, softer ends. Sulfate-free.",
                ["554"],
                ["554"],
            ),
            (
                "fragrance",
                "Discover set: 6 signature scents",
                "Try before you commit. Full-size credit included.",
                ["558", "476"],
                ["558", "476"],
            ),
        ],
    ),
    (
        "pagebound",
        "Pagebound Books",
        [],
        13,
        [
            (
                "thriller",
                "The twist everyone's talking about",
                "This winter's bestselling psychological thriller. Read a free chapter.",
                ["48", "700"],
                ["48", "700", "331"],
            ),
            (
                "graphic",
                "Graphic novels, 3 for 2",
                "Manga, superheroes and indie comics. This week only.",
                ["46"],
                ["46", "262", "641"],
            ),
            (
                "audiobooks",
                "Audiobooks for your commute",
                "One credit a month, keep your books forever.",
                ["42"],
                [],
            ),
            (
                "ya",
                "New young adult fantasy series",
                "Dragons, heists, found family. Book one is $4.99.",
                ["51", "335"],
                ["51", "335", "246"],
            ),
            (
                "poetry",
                "Pocket poetry collections",
                "Small books for big feelings. A perfect stocking stuffer.",
                ["49"],
                [],
            ),
        ],
    ),
    (
        "inkwell",
        "Inkwell Art Supply",
        [],
        13,
        [
            (
                "watercolor",
                "Artist-grade watercolor set",
                "24 pans, travel palette, water brush included.",
                ["254"],
                ["254", "251"],
            ),
            (
                "sketchbook",
                "Sketchbooks made for mixed media",
                "Heavy paper, lay-flat binding. Draw anywhere.",
                ["251"],
                ["251", "254", "205"],
            ),
            (
                "yarn",
                "Merino yarn bundles for winter knits",
                "Hand-dyed colors, patterns included.",
                ["253"],
                ["253", "248"],
            ),
            (
                "woodworking",
                "Beginner woodworking class",
                "Build a cutting board in one Saturday. All tools provided.",
                ["257", "247"],
                ["257", "247", "280"],
            ),
            (
                "candles",
                "Candle making kit",
                "Soy wax, cotton wicks, 6 scents. Makes 8 candles.",
                ["250"],
                [],
            ),
        ],
    ),
    (
        "skyward",
        "Skyward Learning",
        [],
        16,
        [
            (
                "coding",
                "Learn Python from zero",
                "Project-based course, mentor reviews, certificate at the end.",
                ["631", "148"],
                ["631", "148", "621"],
            ),
            (
                "spanish",
                "Speak Spanish in 3 months",
                "15-minute daily lessons with live conversation practice.",
                ["147"],
                ["147", "659", "662"],
            ),
            (
                "resume",
                "Get your resume reviewed by a recruiter",
                "Line-by-line feedback in 48 hours.",
                ["129"],
                ["129", "127", "125"],
            ),
            (
                "remote",
                "Land a remote job",
                "A 6-week course on portfolios, interviews and remote-first companies.",
                ["130", "127"],
                ["130", "127"],
            ),
            (
                "ai",
                "AI for everyday work",
                "Practical course: prompts, spreadsheets, automations. No coding.",
                ["597", "148"],
                ["597", "W3CW2J", "148"],
            ),
            (
                "sat",
                "SAT prep with a personal study plan",
                "Adaptive practice tests, video explanations, score guarantee.",
                ["144"],
                ["144", "138", "135"],
            ),
        ],
    ),
    (
        "keystone",
        "Keystone Realty",
        ["US"],
        18,
        [
            (
                "firsthome",
                "Buying your first home?",
                "Free homebuyer workshop: budgets, mortgages, offers.",
                ["451", "407"],
                ["451", "407", "447"],
            ),
            (
                "apartments",
                "Apartments with no broker fee",
                "Tour online, apply in minutes, move in this month.",
                ["452", "442"],
                ["452", "442"],
            ),
            (
                "vacation",
                "Own a cabin near the trailhead",
                "Mountain and lake vacation homes, rental income analysis included.",
                ["444"],
                ["444", "159", "160"],
            ),
            (
                "valuation",
                "What's your home worth today?",
                "Instant estimate from local sales data.",
                ["451"],
                [],
            ),
        ],
    ),
    (
        "fetecraft",
        "FêteCraft Parties & Events",
        NA,
        16,
        [
            (
                "wedding",
                "Plan your wedding in one place",
                "Checklists, vendor matches, a shared budget. Free for couples.",
                ["165"],
                ["165", "191"],
            ),
            (
                "birthday",
                "Birthday party kits, delivered",
                "Balloons, plates, banners in 40 themes.",
                ["170", "161"],
                ["170", "161"],
            ),
            (
                "grad",
                "Graduation gifts they'll keep",
                "Engraved watches, journals, personalized frames.",
                ["172", "476"],
                ["172", "476"],
            ),
            (
                "babyshower",
                "Baby shower invitations and games",
                "Printable and paper. Order by Friday for next week.",
                ["166"],
                ["166", "169"],
            ),
        ],
    ),
    (
        "parkpass",
        "ParkPass Adventures",
        NA,
        13,
        [
            (
                "themepark",
                "Season pass: unlimited visits",
                "Roller coasters, water parks and winter light shows.",
                ["151"],
                ["151", "666"],
            ),
            (
                "zoo",
                "Zoo lights after dark",
                "A million lights, hot cocoa, and the penguins. Kids under 3 free.",
                ["178"],
                ["178", "666", "649"],
            ),
            (
                "museum",
                "One pass, 12 museums",
                "Art, science and history across the city. Skip the lines.",
                ["155"],
                ["155", "207", "464"],
            ),
            (
                "landmarks",
                "Historic walking tours",
                "Local guides, hidden stories, two hours on foot.",
                ["153"],
                ["153", "542", "EZWB7V"],
            ),
            (
                "escape",
                "Family day trips within 2 hours",
                "Farms, caves and waterfalls, with picnic spots marked.",
                ["679"],
                [],
            ),
        ],
    ),
    (
        "starlight",
        "Starlight Science Center",
        [],
        13,
        [
            (
                "telescope",
                "Your first telescope, set up for you",
                "See Saturn's rings this weekend. Beginner guide included.",
                ["472"],
                ["472", "464"],
            ),
            (
                "planetarium",
                "Planetarium shows every evening",
                "Fly through the solar system in 4K full dome.",
                ["472", "155"],
                ["472", "155"],
            ),
            (
                "darksky",
                "Dark-sky stargazing trips",
                "Astronomer-led nights far from city lights.",
                ["472", "665"],
                ["472", "159", "677"],
            ),
            (
                "kidsclub",
                "Science club for curious kids",
                "Monthly experiments shipped home. Ages 7–12.",
                ["464", "197"],
                ["464", "197", "149"],
            ),
        ],
    ),
    (
        "fanforge",
        "FanForge Con",
        [],
        13,
        [
            (
                "con",
                "FanForge Con: three days of fandom",
                "Cosplay contest, artist alley, 200 panels. Early-bird tickets.",
                ["185"],
                ["185", "246", "46"],
            ),
            (
                "boardgames",
                "Board game café night",
                "500 games, snacks, a game guru at every table.",
                ["270"],
                ["270", "272"],
            ),
            (
                "dnd",
                "Start your first tabletop campaign",
                "Starter set, dice, and a one-shot to run tonight.",
                ["272"],
                ["272", "335"],
            ),
            (
                "collectibles",
                "Rare comics and collectibles auction",
                "Graded issues, signed art, vintage toys. Bids open Friday.",
                ["262", "242"],
                ["262", "261", "242"],
            ),
        ],
    ),
    (
        "gigstage",
        "GigStage Live",
        [],
        13,
        [
            (
                "rocktour",
                "Rock tour: tickets on sale Friday",
                "Stadium shows in 30 cities. Presale for fans.",
                ["363"],
                ["363", "367", "366"],
            ),
            (
                "broadway",
                "Musical theater tickets from $39",
                "Rush seats and matinees this month.",
                ["209", "177"],
                ["209", "156", "177"],
            ),
            (
                "ballet",
                "The winter ballet returns",
                "A holiday classic with a live orchestra.",
                ["203", "346"],
                ["203", "346", "208"],
            ),
            (
                "festival",
                "Summer festival passes, early bird",
                "Three days, five stages, camping included.",
                ["351", "349"],
                ["351", "349", "677"],
            ),
            (
                "comedyclub",
                "Stand-up comedy, live downtown",
                "Two-drink-free shows, Thursday to Sunday.",
                ["646"],
                [],
            ),
        ],
    ),
    (
        "stylespot",
        "StyleSpot Marketplace",
        [],
        16,
        [
            (
                "deals",
                "Weekend flash sale: up to 60% off",
                "Fashion, home and tech from 800 brands.",
                ["481", "474"],
                [],
            ),
            (
                "gifts",
                "Gifts for everyone on your list",
                "Under $25, $50, $100. Free gift wrap.",
                ["476", "478"],
                ["476", "478"],
            ),
            (
                "celebstyle",
                "Get the red-carpet look for less",
                "Outfits inspired by this week's premieres.",
                ["439", "577"],
                ["439", "577", "162"],
            ),
            (
                "groceries",
                "Groceries in an hour",
                "Fresh produce and pantry staples, free delivery over $35.",
                ["477"],
                ["477", "216"],
            ),
        ],
    ),
    (
        "launchpad",
        "LaunchPad Business Summit",
        ["US", "CA", "GB", "IN"],
        18,
        [
            (
                "summit",
                "LaunchPad Summit: founders, funders, operators",
                "Two days of talks on raising, hiring and scaling. Early bird ends Friday.",
                ["180", "61"],
                ["61", "71", "180"],
            ),
            (
                "marketing",
                "Growth marketing playbook for small brands",
                "Free webinar: email, social and referrals on a shoestring.",
                ["58", "60"],
                ["58", "60"],
            ),
            (
                "leadership",
                "Leadership course for new managers",
                "Six live sessions on feedback, hiring and 1:1s.",
                ["76", "125"],
                ["76", "125"],
            ),
        ],
    ),
    (
        "sabiamarket",
        "Sabiá Mercado",
        ["BR"],
        13,
        [
            (
                "futebol",
                "Camisas de futebol com 30% off",
                "Clubes brasileiros e seleções. Frete grátis acima de R$199.",
                ["533", "587"],
                ["533", "587"],
            ),
            (
                "churrasco",
                "Kit churrasco completo",
                "Facas, tábua e espetos. Entrega em todo o Brasil.",
                ["215"],
                ["215", "216"],
            ),
            (
                "praia",
                "Viagens de praia no Nordeste",
                "Pacotes com voo e hotel para Natal, Maceió e Porto de Galinhas.",
                ["673", "662"],
                ["673", "662"],
            ),
        ],
    ),
    (
        "chaiandchapter",
        "Chai & Chapter",
        ["IN"],
        13,
        [
            (
                "cricketgear",
                "Cricket bats, English willow",
                "Hand-picked grains, knocked in and ready. Free delivery in India.",
                ["491", "551"],
                ["491"],
            ),
            (
                "masala",
                "Regional spice boxes",
                "Twelve blends from Kerala to Kashmir, with recipes.",
                ["214"],
                ["214", "216"],
            ),
            (
                "exams",
                "Crack your entrance exams",
                "Live classes and mock tests from top teachers.",
                ["144"],
                ["144", "138"],
            ),
        ],
    ),
    (
        "sakuratrail",
        "Sakura Trail Travel",
        ["JP", "AU"],
        18,
        [
            (
                "hokkaido",
                "Powder days in Hokkaido",
                "Ski chalets and lift passes, onsen included.",
                ["531", "657"],
                ["531", "657", "504"],
            ),
            (
                "reef",
                "Great Barrier Reef dive week",
                "Liveaboard trips with PADI instructors.",
                ["502", "658"],
                ["502", "658", "673"],
            ),
        ],
    ),
    (
        "mercadosol",
        "Mercado Sol Viajes",
        ["MX", "US"],
        18,
        [
            (
                "cenotes",
                "Cenotes and ruins of the Yucatán",
                "Guided day trips from Cancún and Mérida. Swim gear included.",
                ["660", "153"],
                ["660", "665", "153"],
            ),
            (
                "tacos",
                "Street-food tour of Mexico City",
                "Eight stops, one evening, all the salsa.",
                ["214", "218"],
                ["214", "218"],
            ),
        ],
    ),
]

# ---------------------------------------------------------------------------------------
# Content: posts, reels and groups, by theme. Each theme names its authors, who take turns.
# Entries are (title, body or description, categories).
# ---------------------------------------------------------------------------------------

Entry = tuple[str, str, list[str]]

THEMES: list[dict[str, Any]] = [
    {
        "theme": "hiking",
        "authors": ["@trailmix_tess", "@summit_sam", "@switchback_sofia"],
        "posts": [
            (
                "Sunrise on Eagle Ridge",
                "Left the trailhead at 5am and had the summit to ourselves. Worth it.",
                ["159", "160"],
            ),
            (
                "My 10 essentials list, updated",
                "Added a satellite messenger and slimmed down the first-aid kit.",
                ["159"],
            ),
            (
                "Larch season is almost over",
                "Hit the larch loop this weekend before the needles drop — pure gold.",
                ["159", "160"],
            ),
            (
                "Finally broke in my new boots",
                "Three short hikes first, then 14 miles with zero blisters. Patience pays.",
                ["159", "542"],
            ),
            (
                "Waterfall loop with the kids",
                "4 miles, 600 feet of gain, snack stop at the falls. The 7-year-old led the way.",
                ["159", "666"],
            ),
            (
                "First snow on the pass",
                "Microspikes were the right call this morning; the north side was pure ice.",
                ["159", "390"],
            ),
            (
                "Hut-to-hut trip recap",
                "Five days, four huts, one very sore pair of calves. Itinerary below.",
                ["159", "665"],
            ),
            (
                "Leave No Trace reminder",
                "Pack out your orange peels, folks. Found a dozen on the lakeside trail today.",
                ["159", "160"],
            ),
            (
                "Trail running vs hiking the same route",
                "Ran the canyon rim loop in 2 hours after hiking it in 4. A different trail.",
                ["159", "227"],
            ),
            (
                "Wild camping by the tarn",
                "Pitched the tent at dusk and woke to a cloud inversion below us.",
                ["677", "159"],
            ),
            (
                "Best day hikes within an hour of the city",
                "My short list: Cedar Falls, Blue Lake, and the old fire lookout trail.",
                ["679", "159"],
            ),
            (
                "Bouldering on a rest day",
                "Found a little granite field near camp. Fingers are wrecked, smiles intact.",
                ["500"],
            ),
            (
                "Spotted a golden eagle at the saddle",
                "It circled twice and was gone. Brought the binoculars for once.",
                ["259", "159"],
            ),
            (
                "Thru-hike planning spreadsheet",
                "Resupply points, water sources, daily mileage. Happy to share the template.",
                ["159", "665"],
            ),
        ],
        "reels": [
            (
                "60 seconds of ridge walking",
                "Wind, clouds, and the best view in the county.",
                ["159", "542"],
            ),
            (
                "How I pack a 24L daypack",
                "Heavy stuff close to the back, snacks in the hip belt.",
                ["159"],
            ),
            ("Creek crossing fail", "Rock looked dry. Rock was not dry.", ["159", "440"]),
            ("Summit sunrise timelapse", "Two hours squeezed into 30 seconds.", ["159", "160"]),
            ("Tent setup in under 3 minutes", "One pole, four stakes, done.", ["677"]),
            (
                "Trail lunch ideas that don't get squished",
                "Tortilla wraps, hard cheese, and a bag of salted almonds.",
                ["159", "216"],
            ),
            (
                "Lacing trick for downhill toe bang",
                "A surgeon's knot at the top eyelet keeps your heel locked.",
                ["159", "551"],
            ),
            (
                "Fall colors from the fire lookout",
                "Reds and golds as far as you can see.",
                ["160", "159"],
            ),
        ],
        "groups": [
            (
                "Weekend Hikers of the Front Range",
                "Carpools, trip reports and Saturday group hikes for every pace.",
                ["159", "542"],
            ),
            (
                "Pacific Northwest Trail Conditions",
                "Snow levels, washouts and trailhead parking updates, posted daily.",
                ["159", "160"],
            ),
            (
                "Women Who Hike — Bay Area",
                "Friendly group hikes, gear swaps and skills nights.",
                ["159"],
            ),
            (
                "Backpacking for Beginners",
                "Ask anything: gear lists, permits, first overnight trips.",
                ["159", "677"],
            ),
            (
                "Trail Dogs & Their Humans",
                "Dog-friendly trails, paw care tips and lots of muddy photos.",
                ["425", "159"],
            ),
            (
                "Summit Alerts channel",
                "Weather windows and trail closures for popular peaks, twice a week.",
                ["159", "390"],
            ),
        ],
    },
    {
        "theme": "cooking",
        "authors": ["@pantry_pilar", "@weeknight_wes", "@sourdough_saoirse"],
        "posts": [
            (
                "One-pan lemon chicken",
                "Thighs, potatoes, lemon and olives, 40 minutes in the oven. Zero fuss.",
                ["216"],
            ),
            (
                "My sourdough starter turned one",
                "Named her Doughlores. Celebrated with a seeded rye loaf.",
                ["217"],
            ),
            (
                "Grandma's dumplings, finally written down",
                "Pork and chive filling, pleated the way she taught me.",
                ["214", "216"],
            ),
            (
                "Sunday meal prep in 90 minutes",
                "Grain bowls, roasted veg and two sauces to last the week.",
                ["221", "216"],
            ),
            (
                "Smash burgers on the griddle",
                "Cast iron, ripping hot, press hard. Crust is everything.",
                ["215", "216"],
            ),
            (
                "Thanksgiving sides that steal the show",
                "Brown-butter sweet potatoes and a crunchy Brussels slaw.",
                ["216", "279"],
            ),
            (
                "Easy vegan chili",
                "Three kinds of beans, smoked paprika, a square of dark chocolate.",
                ["212"],
            ),
            (
                "Pie crust that doesn't shrink",
                "Cold butter, a rest in the fridge, and pie weights. That's it.",
                ["217"],
            ),
            (
                "Birria tacos at home",
                "Slow-braised beef, dipped tortillas, consommé for dunking.",
                ["214"],
            ),
            (
                "Ramen night at our favorite spot",
                "Tonkotsu with extra chashu. The broth simmers for 18 hours.",
                ["218", "214"],
            ),
        ],
        "reels": [
            (
                "Knife skills: dice an onion in 30 seconds",
                "Leave the root on, and keep your fingertips curled.",
                ["216"],
            ),
            ("Crispiest roast potatoes", "Parboil, rough them up, hot fat. Done.", ["216"]),
            ("Sourdough scoring patterns", "Wheat stalk, leaf, and a simple cross.", ["217"]),
            ("3-ingredient chocolate mousse", "Dark chocolate, eggs, a pinch of salt.", ["217"]),
            ("Brisket on the smoker, hour by hour", "Twelve hours, one bark, no regrets.", ["215"]),
            (
                "Weeknight pad thai",
                "Faster than delivery, and you control the heat.",
                ["214", "216"],
            ),
        ],
        "groups": [
            (
                "Weeknight Dinners Under 30 Minutes",
                "Quick recipes, pantry swaps and meal plans for busy households.",
                ["216"],
            ),
            (
                "Sourdough Bakers Circle",
                "Starter troubleshooting, crumb shots and flour talk.",
                ["217"],
            ),
            (
                "Backyard BBQ & Smoking",
                "Pit temps, rubs, and the eternal wrap-or-no-wrap debate.",
                ["215"],
            ),
            (
                "Plant-Based Kitchen channel",
                "A vegan recipe every morning, plus grocery lists.",
                ["212", "213"],
            ),
        ],
    },
    {
        "theme": "travel",
        "authors": ["@passport_priya", "@roadtrip_rico", "@slowtravel_sven"],
        "posts": [
            (
                "Two weeks in Japan on a rail pass",
                "Tokyo, Kanazawa, Kyoto, Hiroshima. The shinkansen never gets old.",
                ["657", "669"],
            ),
            (
                "Lisbon on a budget",
                "Pastéis de nata for breakfast, tram 28 at dawn, free viewpoints all day.",
                ["659", "675"],
            ),
            (
                "Route 66 with a van and a dog",
                "2,400 miles of diners, motels and neon signs.",
                ["660", "670"],
            ),
            (
                "Carry-on only for 3 weeks",
                "Packing cubes, merino tees and one pair of shoes. It works.",
                ["654", "663"],
            ),
            (
                "Patagonia's W Trek",
                "Five days of wind, glaciers and the Torres at sunrise.",
                ["662", "665"],
            ),
            (
                "Honeymoon in the Amalfi Coast",
                "Lemon groves, boat days and way too much gelato.",
                ["667", "659"],
            ),
            (
                "How I find cheap flights",
                "Flexible dates, fare alerts and the occasional red-eye.",
                ["672", "675"],
            ),
            (
                "Tasmania road trip",
                "Cradle Mountain, Wineglass Bay, and zero traffic.",
                ["658", "670"],
            ),
            (
                "A rainy week in Scotland, loved it anyway",
                "Castles, bothies and the warmest pubs.",
                ["659", "153"],
            ),
            (
                "Family trip to Costa Rica",
                "Ziplines, sloths and the kids' first night in a jungle lodge.",
                ["666", "660"],
            ),
        ],
        "reels": [
            ("Kyoto at 6am", "No crowds at the torii gates if you're early.", ["657"]),
            ("What's in my carry-on", "Everything for a 2-week trip in one bag.", ["654"]),
            (
                "Night train from Vienna to Venice",
                "Sleeper cabin tour and breakfast in bed.",
                ["669", "659"],
            ),
            (
                "Beach hut in Bali for $30 a night",
                "Budget travel doesn't mean boring.",
                ["673", "675", "657"],
            ),
            ("Road trip playlist reveal", "Twelve hours, zero skips.", ["670", "338"]),
            (
                "Airport lounge hacks",
                "Day passes, credit card perks and quiet corners.",
                ["672", "676"],
            ),
        ],
        "groups": [
            (
                "Budget Travelers Worldwide",
                "Deals, itineraries and hostel reviews from people on the road.",
                ["675"],
            ),
            (
                "Japan Travel Planning",
                "Rail passes, ryokans and seasonal tips for first-timers.",
                ["657"],
            ),
            (
                "Van Life & Road Trips",
                "Routes, campsites and van builds across North America.",
                ["670", "677"],
            ),
            (
                "Flight Deals channel",
                "Error fares and flash sales from major hubs, posted as they drop.",
                ["672"],
            ),
        ],
    },
    {
        "theme": "tech",
        "authors": ["@gadget_gus", "@byte_sized_bea"],
        "posts": [
            (
                "Two weeks with a foldable phone",
                "The crease is real, but reading on it is great.",
                ["635"],
            ),
            (
                "My minimal desk setup",
                "One laptop, one monitor, a mechanical keyboard and nothing else.",
                ["630", "601"],
            ),
            (
                "I automated my inbox with AI",
                "Drafts, labels and follow-up reminders — here's the workflow.",
                ["597", "623"],
            ),
            (
                "Smart home on a budget",
                "Plugs, a cheap hub and a few sensors go a long way.",
                ["277"],
            ),
            (
                "Password manager switch",
                "Migrated 400 logins in an evening. Should have done it years ago.",
                ["618"],
            ),
            (
                "Building my first website from scratch",
                "HTML, a little CSS and free hosting. It's ugly and I love it.",
                ["629", "621"],
            ),
            (
                "Best budget earbuds this year",
                "Tested seven pairs on the subway; two were worth it.",
                ["632"],
            ),
            (
                "Is VR finally good for fitness?",
                "Boxing and rhythm games got me sweating more than the gym.",
                ["639", "695"],
            ),
            ("Learning Rust as a Python dev", "The borrow checker humbled me in a week.", ["631"]),
        ],
        "reels": [
            ("Unboxing the new e-reader", "Warm light and a week of battery.", ["636"]),
            (
                "Phone camera night mode test",
                "Same street, three phones, one winner.",
                ["635", "633"],
            ),
            ("Cable management in 60 seconds", "Velcro ties and a tray under the desk.", ["601"]),
            ("Smartwatch features nobody uses", "Turns out the flashlight is great.", ["637"]),
            ("Three AI tools I use daily", "Notes, summaries and image cleanup.", ["597"]),
        ],
        "groups": [
            (
                "Home Automation Tinkerers",
                "Sensors, scripts and smart home setups that actually work.",
                ["277", "625"],
            ),
            (
                "Learn to Code Together",
                "Weekly challenges, code reviews and study buddies.",
                ["631", "148"],
            ),
            (
                "Gadget Deals channel",
                "Price drops on phones, laptops and accessories.",
                ["632", "481"],
            ),
        ],
    },
    {
        "theme": "fitness",
        "authors": ["@lift_with_lena", "@run_club_ray"],
        "posts": [
            (
                "First 10K done!",
                "Started couch-to-5K in March. Finished in 58 minutes today.",
                ["227"],
            ),
            (
                "Deadlift PR: 150 kg",
                "Twelve weeks of boring, consistent training paid off.",
                ["544"],
            ),
            (
                "Marathon training week 9",
                "Long run of 18 miles in the rain. Legs are jelly.",
                ["227"],
            ),
            (
                "Why I love group classes",
                "Someone else plans the workout, I just show up.",
                ["225"],
            ),
            (
                "Mobility routine for desk workers",
                "Ten minutes of hips and shoulders every morning.",
                ["225"],
            ),
            (
                "Winter running gear that works",
                "Merino base, windproof gloves, and a headlamp for dark mornings.",
                ["227", "551"],
            ),
            (
                "Pickleball converts anonymous",
                "Tried it once, now I play four nights a week.",
                ["226"],
            ),
            ("Protein on a budget", "Eggs, lentils, canned tuna and Greek yogurt.", ["229"]),
        ],
        "reels": [
            ("Kettlebell swing form check", "Hinge, don't squat. Snap the hips.", ["544", "225"]),
            ("5 a.m. run club vibes", "Cold, dark, and the best crew in town.", ["227"]),
            ("20-minute no-equipment workout", "Follow along, no excuses.", ["225"]),
            ("Stretching after a long run", "Calves, hamstrings, hip flexors.", ["227", "225"]),
            (
                "Bench press cues I wish I knew sooner",
                "Feet planted, shoulder blades pinched.",
                ["544"],
            ),
            (
                "Swim drills for triathlon beginners",
                "Catch-up drill and bilateral breathing.",
                ["537", "225"],
            ),
        ],
        "groups": [
            (
                "Couch to 5K Support Group",
                "Beginners cheering each other on, one run at a time.",
                ["227"],
            ),
            (
                "Home Gym Builders",
                "Racks, plates and garage gym setups on any budget.",
                ["544", "551"],
            ),
            ("City Run Club", "Tuesday tempo, Thursday track, Sunday long run.", ["227", "540"]),
        ],
    },
    {
        "theme": "pets",
        "authors": ["@biscuit_the_beagle", "@catlady_cora"],
        "posts": [
            ("Biscuit's first snow", "He ate more of it than he walked on.", ["425"]),
            (
                "Adopted a senior cat this week",
                "Meet Marmalade, 12 years old and already running the house.",
                ["424", "428"],
            ),
            ("Crate training update", "Night three: only one howl. Progress!", ["425"]),
            (
                "Cat trees ranked",
                "After five purchases, here's what our cats actually use.",
                ["424", "431"],
            ),
            (
                "Dog-friendly cafés downtown",
                "Water bowls, treats, and patios with heaters.",
                ["425", "218"],
            ),
            (
                "Our aquarium finally cycled",
                "Neon tetras are in and the plants are pearling.",
                ["426"],
            ),
            (
                "Shelter volunteer day",
                "Walked eight dogs, cleaned kennels, cried once. Go adopt!",
                ["428"],
            ),
            ("Leopard gecko shed day", "Humidity box did its job — perfect shed.", ["429"]),
        ],
        "reels": [
            ("Beagle vs squeaky toy", "Round 47. The toy lost.", ["425"]),
            ("Cat knocks everything off the desk", "One. Item. At. A. Time.", ["424", "440"]),
            ("Teaching 'leave it' in 3 steps", "High-value treats and lots of patience.", ["425"]),
            ("Kitten zoomies at 3am", "Why are they like this.", ["424"]),
            ("Puppy's first hike", "Two miles, one nap in the backpack.", ["425", "159"]),
            ("Budgie learns to talk", "Week six: it says 'pretty bird' and 'hello'.", ["423"]),
        ],
        "groups": [
            (
                "Beagle Owners Anonymous",
                "Howls, food theft and stubborn sniffers. You're not alone.",
                ["425"],
            ),
            (
                "Cat Rescue Network",
                "Fostering, adoptions and lost-and-found for cats.",
                ["424", "428"],
            ),
            (
                "Aquarium Keepers",
                "Planted tanks, water chemistry and fish stocking advice.",
                ["426"],
            ),
        ],
    },
    {
        "theme": "gaming",
        "authors": ["@pixel_pete", "@speedrun_suki"],
        "posts": [
            (
                "100 hours into Emberfall",
                "The side quests are better than the main story.",
                ["687", "681"],
            ),
            (
                "New PB on the any% route",
                "Shaved 11 seconds with the new wall clip.",
                ["686", "684"],
            ),
            (
                "Best co-op games for couples",
                "Ten games we've played together, ranked.",
                ["681", "684"],
            ),
            (
                "My retro console corner",
                "CRT, original controllers and a shelf of cartridges.",
                ["681", "261"],
            ),
            (
                "Strategy game that ate my weekend",
                "'Just one more turn' at 3am, again.",
                ["690", "684"],
            ),
            (
                "Mobile puzzle games without ads",
                "A short list of ones that respect your time.",
                ["698", "683"],
            ),
            (
                "Watched the regional esports finals",
                "The comeback in game five was unreal.",
                ["682"],
            ),
        ],
        "reels": [
            ("Speedrun trick explained", "Frame-perfect jump in slow motion.", ["686"]),
            ("Cozy farming sim tour", "Day 200 and the farm is finally pretty.", ["688"]),
            ("Racing game drift tutorial", "Brake, turn in, feather the throttle.", ["VK7KD0"]),
            ("Boss fight with no damage", "Took 40 tries.", ["687"]),
            ("Handheld PC setup", "Emulators, launchers and battery tweaks.", ["684"]),
        ],
        "groups": [
            (
                "Cozy Gamers Club",
                "Farming sims, puzzle games and low-stress recommendations.",
                ["693", "688"],
            ),
            (
                "Emberfall Raid Finder",
                "Find a group for weekly raids, all regions.",
                ["687", "696"],
            ),
            ("Retro Game Collectors", "Cartridges, consoles and repair tips.", ["681", "261"]),
        ],
    },
    {
        "theme": "music",
        "authors": ["@vinyl_vic", "@bassline_bo"],
        "posts": [
            (
                "Record store haul",
                "Found a first pressing of a '71 classic rock album for $12.",
                ["366", "261"],
            ),
            (
                "Jazz night at the Blue Door",
                "A trio that played Monk like it was written yesterday.",
                ["357"],
            ),
            (
                "I learned my first song on guitar",
                "Four chords, three weeks, sore fingertips.",
                ["243"],
            ),
            ("Best hip hop albums of the year", "My top 10, no skips, fight me.", ["355"]),
            ("Setting up a home studio", "Interface, two mics and some foam panels.", ["265"]),
            ("Folk festival memories", "Campfire singalongs until 2am.", ["353"]),
            (
                "Why I still buy CDs",
                "Liner notes, no subscriptions, and they sound great.",
                ["338"],
            ),
        ],
        "reels": [
            ("Bass riff of the day", "Funky, slappy, 15 seconds.", ["362", "243"]),
            ("Vinyl cleaning routine", "Brush, fluid, microfiber, sleeve.", ["363"]),
            ("Piano cover of a pop hit", "Slowed down and a little sad.", ["349", "243"]),
            ("Concert crowd at the rock show", "Front row energy.", ["363"]),
            ("Beat-making in 60 seconds", "Sample, chop, drums, done.", ["265", "355"]),
        ],
        "groups": [
            (
                "Vinyl Collectors Exchange",
                "Buy, sell and trade records; pressing info welcome.",
                ["363", "261"],
            ),
            ("Beginner Guitar Players", "Chords, tabs and encouragement for new players.", ["243"]),
            (
                "Local Gig Alerts channel",
                "Small venue shows this week, posted every Monday.",
                ["338"],
            ),
        ],
    },
    {
        "theme": "movies",
        "authors": ["@reel_talk_rita", "@bingewatch_ben"],
        "posts": [
            (
                "The sci-fi film everyone's arguing about",
                "Spoiler-free review: gorgeous, slow, and worth the big screen.",
                ["652", "324"],
            ),
            (
                "Finished the mystery series in one weekend",
                "That finale twist? Did not see it coming.",
                ["331", "640"],
            ),
            ("Horror movie marathon picks", "Six films, one night, all lights on.", ["336", "324"]),
            (
                "Documentaries that changed how I think",
                "Ocean life, food systems and one about chess.",
                ["332"],
            ),
            ("Best comedies of the decade", "My list, with a few underrated gems.", ["646", "324"]),
            ("Anime for people who don't watch anime", "Start with these five.", ["641"]),
            (
                "Reality TV is my comfort food",
                "The cooking competition finale was chaotic.",
                ["651", "640"],
            ),
        ],
        "reels": [
            ("Movie ranking in 30 seconds", "This year's blockbusters, tier list.", ["324"]),
            (
                "Props from my favorite sci-fi show",
                "Behind the scenes at the studio tour.",
                ["652", "640"],
            ),
            ("Trailer reaction", "The new fantasy epic looks incredible.", ["335", "324"]),
            ("True crime podcast recommendations", "Three shows for your commute.", ["KHPC5A"]),
        ],
        "groups": [
            ("Movie Night Club", "One film a week, discussion thread every Sunday.", ["324"]),
            (
                "Sci-Fi & Fantasy TV Fans",
                "Episode threads, theories and rewatch parties.",
                ["652", "335", "640"],
            ),
        ],
    },
    {
        "theme": "sports",
        "authors": ["@goal_line_gabe", "@courtside_kia"],
        "posts": [
            ("What a derby!", "A 90th-minute winner and the stadium shook.", ["533"]),
            (
                "Pickup basketball every Saturday",
                "Outdoor courts by the river, 9am, all levels.",
                ["547"],
            ),
            (
                "Fantasy football week 12",
                "Benched my best receiver. Of course he scored three times.",
                ["508", "484"],
            ),
            (
                "First time at a tennis tournament",
                "The speed of the serves in person is wild.",
                ["539"],
            ),
            ("Hockey season tickets, worth it?", "41 home games later: yes.", ["515"]),
            ("Golf lesson breakthrough", "Finally stopped slicing. Grip was the problem.", ["512"]),
            ("Weekend cycling club ride", "60 miles, two climbs, one flat tire.", ["492"]),
            ("World Cup qualifiers watch party", "Forty fans, one TV, lots of noise.", ["533"]),
        ],
        "reels": [
            ("Best goals of the weekend", "Top five, number one is a bicycle kick.", ["533"]),
            ("Free throw routine", "Dribble twice, breathe, follow through.", ["547"]),
            ("Surf session at dawn", "Glassy waves, nobody out.", ["505"]),
            ("Ski season opening day", "First chair and fresh corduroy.", ["531"]),
            ("Tennis drill for consistency", "Crosscourt rallies, 50 in a row.", ["539"]),
        ],
        "groups": [
            ("Sunday League Soccer", "Find a team, sub in, or start one.", ["533"]),
            (
                "Fantasy Football Degenerates",
                "Trade advice, waiver wire and trash talk.",
                ["508", "484"],
            ),
            ("Weekend Road Cyclists", "Group rides, routes and bike maintenance tips.", ["492"]),
        ],
    },
    {
        "theme": "parenting",
        "authors": ["@dad_jokes_dmitri", "@toddler_tamsin"],
        "posts": [
            (
                "Toddler sleep regression survival",
                "Week two. Coffee is my personality now.",
                ["196"],
            ),
            (
                "Screen time rules that actually stick",
                "Timers, charging station in the kitchen, and no phones at dinner.",
                ["195", "198"],
            ),
            (
                "Lunchbox ideas for picky eaters",
                "Bento boxes with five small things works for us.",
                ["197", "216"],
            ),
            ("Teaching my teen to drive", "Empty parking lot, deep breaths, 15 mph.", ["198"]),
            (
                "Family camping with a 3-year-old",
                "Bring more snacks than you think. Then double it.",
                ["196", "677"],
            ),
            (
                "Homework battles solved (mostly)",
                "Same time, same spot, and a snack first.",
                ["197", "146"],
            ),
            (
                "Daycare waitlists are wild",
                "Signed up before she was born and we're still waiting.",
                ["194"],
            ),
        ],
        "reels": [
            (
                "Dad joke of the day",
                "Why did the toddler go to bed? Because it was un-bear-able.",
                ["197", "440"],
            ),
            (
                "Rainy day crafts with toddlers",
                "Paper plates, glue, and a lot of glitter.",
                ["196", "248"],
            ),
            ("Packing the diaper bag like a pro", "Everything in its pouch.", ["196"]),
        ],
        "groups": [
            (
                "New Parents Support Circle",
                "Feeding, sleep and everything nobody tells you.",
                ["196"],
            ),
            ("Parents of Teens", "Phones, driving, college plans and keeping your cool.", ["198"]),
            (
                "Family Adventures Outdoors",
                "Kid-friendly hikes, campgrounds and parks.",
                ["666", "159"],
            ),
        ],
    },
    {
        "theme": "home_garden",
        "authors": ["@green_thumb_gia", "@fixit_felix"],
        "posts": [
            ("Tomato harvest tally", "42 pounds from four raised beds this year.", ["275"]),
            (
                "Bathroom remodel: before and after",
                "New tile, floating vanity and finally a good fan.",
                ["276"],
            ),
            (
                "Cozy reading nook on a budget",
                "Thrifted chair, plug-in sconce and a big throw.",
                ["283"],
            ),
            (
                "Putting the garden to bed for winter",
                "Mulch, garlic in the ground, tools oiled.",
                ["275"],
            ),
            (
                "Patched drywall like a pro (almost)",
                "Mesh patch, three thin coats, sand between.",
                ["280"],
            ),
            (
                "Native plants for pollinators",
                "Coneflower, milkweed, aster. The bees went wild.",
                ["284", "275"],
            ),
            (
                "Houseplants that survive neglect",
                "Snake plant, pothos, ZZ. Water monthly.",
                ["275", "283"],
            ),
            ("Holiday porch decor", "Cedar garland, lanterns and a wreath from the yard.", ["285"]),
        ],
        "reels": [
            ("Propagating pothos in water", "Cut below a node, wait two weeks.", ["275"]),
            ("Tile backsplash in a weekend", "Peel-and-stick vs real tile.", ["280", "276"]),
            ("Room makeover in 30 seconds", "Paint, shelves, new rug.", ["283"]),
            ("Composting 101", "Greens, browns, turn it weekly.", ["275", "467"]),
            ("Fixing a leaky faucet", "Five minutes and a new cartridge.", ["280"]),
        ],
        "groups": [
            (
                "Urban Vegetable Gardeners",
                "Balcony, patio and community plot growing tips.",
                ["275"],
            ),
            (
                "DIY Home Repair Help",
                "Post a photo, get advice from people who've done it.",
                ["280", "276"],
            ),
            (
                "Small Space Interior Design",
                "Apartment layouts, storage hacks and decor finds.",
                ["283", "442"],
            ),
        ],
    },
    {
        "theme": "finance",
        "authors": ["@frugal_fiona", "@index_ivan"],
        "posts": [
            (
                "Paid off my credit card today",
                "$8,400 in 19 months. Snowball method all the way.",
                ["406", "397"],
            ),
            (
                "Why I only buy index funds",
                "Low fees, broad market, no stock picking.",
                ["412", "414"],
            ),
            (
                "No-spend November recap",
                "Saved $620 and learned to cook lentils five ways.",
                ["397"],
            ),
            (
                "Maxed my retirement account for the first time",
                "Automated contributions were the key.",
                ["416"],
            ),
            (
                "Emergency fund: how much is enough?",
                "We keep six months of expenses in a high-yield savings account.",
                ["392", "396"],
            ),
            (
                "Student loan payoff plan",
                "Refinanced and now paying an extra $200 a month.",
                ["409"],
            ),
            ("Tax prep checklist", "Forms, receipts, and a folder I actually use.", ["415"]),
        ],
        "reels": [
            ("The 50/30/20 budget in 30 seconds", "Needs, wants, savings.", ["396"]),
            ("Compound interest visualized", "Start at 25 vs 35.", ["414", "416"]),
            ("Grocery haul under $50", "A week of meals for two.", ["397", "477"]),
        ],
        "groups": [
            ("Frugal Living Tips", "Saving money without feeling deprived.", ["397"]),
            (
                "Index Investing for Beginners",
                "Questions about funds, accounts and allocations welcome.",
                ["414", "412"],
            ),
            ("Debt-Free Journey", "Share progress, celebrate payoffs, stay motivated.", ["405"]),
        ],
    },
    {
        "theme": "cars",
        "authors": ["@torque_tony", "@ev_evie"],
        "posts": [
            ("One year with an EV", "Charging at home is easy; road trips take planning.", ["22"]),
            (
                "Restoring a '68 coupe",
                "Bodywork done, engine next. Saturday mornings only.",
                ["19", "9"],
            ),
            ("Oil change at home", "Ramps, filter wrench, and 20 minutes.", ["34"]),
            (
                "Test drove three compact SUVs",
                "Cargo space, ride comfort and infotainment compared.",
                ["6", "30"],
            ),
            ("Motorcycle season is over", "Winterized the bike and ordered new tires.", ["27"]),
            ("Cars and coffee this Sunday", "Classic muscle next to brand-new EVs.", ["25"]),
        ],
        "reels": [
            ("Cold start on a V8", "That sound at 7am.", ["24", "25"]),
            (
                "EV road trip charging stop",
                "20 minutes, a coffee, back on the road.",
                ["22", "670"],
            ),
            ("Detailing a dirty interior", "Steam cleaner magic.", ["25"]),
            ("Track day onboard", "Three laps, one spin.", ["518", "24"]),
        ],
        "groups": [
            ("EV Owners Club", "Charging, range tips and software updates.", ["22", "37"]),
            ("Classic Car Restorers", "Parts sourcing, bodywork and show schedules.", ["19"]),
        ],
    },
    {
        "theme": "fashion",
        "authors": ["@thrift_queen_tia", "@dapper_dev"],
        "posts": [
            (
                "Thrift haul: wool coat for $18",
                "Vintage, lined, and fits like it was made for me.",
                ["571", "595"],
            ),
            (
                "Capsule wardrobe, 30 pieces",
                "Everything mixes; getting dressed takes two minutes.",
                ["577", "568"],
            ),
            ("How to wear a blazer casually", "T-shirt, dark jeans, clean sneakers.", ["584"]),
            (
                "Winter skincare routine",
                "Gentle cleanser, thick moisturizer, SPF even when it's grey.",
                ["559"],
            ),
            ("Watch collection, three pieces", "A diver, a dress watch, a field watch.", ["581"]),
            (
                "Street style from fashion week",
                "Oversized tailoring and loafers everywhere.",
                ["595", "578"],
            ),
        ],
        "reels": [
            ("One jacket, five outfits", "Styling a denim jacket for every occasion.", ["577"]),
            ("Get ready with me: holiday party", "Velvet dress and a red lip.", ["569", "555"]),
            ("Sneaker cleaning routine", "Soft brush, mild soap, air dry.", ["589"]),
            ("Men's fall layering guide", "Tee, overshirt, wool coat.", ["586", "584"]),
            ("Hair routine for curls", "Leave-in, gel, diffuse on low.", ["554"]),
        ],
        "groups": [
            ("Thrift & Vintage Finds", "Show off your secondhand scores.", ["595", "577"]),
            ("Menswear Basics", "Fit, fabrics and building a wardrobe that lasts.", ["582"]),
        ],
    },
    {
        "theme": "books",
        "authors": ["@bookstack_bria", "@chapter_chase"],
        "posts": [
            (
                "My 52nd book of the year",
                "A slow, beautiful literary novel about a lighthouse keeper.",
                ["48"],
            ),
            (
                "Fantasy series worth starting in winter",
                "Long books for long nights.",
                ["335", "48"],
            ),
            ("Graphic novels for adults", "Memoirs, noir and one very weird space opera.", ["46"]),
            (
                "Book club pick: the thriller with the twist",
                "Our group split 50/50 on the ending.",
                ["700", "48"],
            ),
            ("Poetry I keep rereading", "Small collections that fit in a coat pocket.", ["49"]),
            (
                "Biographies that read like novels",
                "Explorers, inventors and one chess prodigy.",
                ["44"],
            ),
        ],
        "reels": [
            ("My bookshelf tour", "Color-coded and proud.", ["48"]),
            ("Books I read in one sitting", "Five page-turners.", ["700", "331"]),
            ("Cozy reading corner setup", "Blanket, tea, lamp.", ["48", "283"]),
        ],
        "groups": [
            (
                "Monthly Book Club",
                "One book a month, virtual meetups on the last Thursday.",
                ["48"],
            ),
            (
                "Fantasy & Sci-Fi Readers",
                "Recommendations, reviews and series rankings.",
                ["335", "652"],
            ),
            (
                "Comic & Manga Readers",
                "New releases, reading orders and shelf photos.",
                ["46", "641"],
            ),
        ],
    },
    {
        "theme": "arts_crafts",
        "authors": ["@sketchbook_sol", "@knit_and_natter"],
        "posts": [
            (
                "Watercolor sketches from the park",
                "Twenty minutes each, no erasing allowed.",
                ["254", "251"],
            ),
            (
                "Finished my first sweater",
                "Took four months. One sleeve is slightly longer. Wearing it anyway.",
                ["253"],
            ),
            ("Built a walnut side table", "Hand-cut dovetails and a lot of sanding.", ["257"]),
            (
                "Film photography walk",
                "A roll of black-and-white in the old quarter.",
                ["255", "206"],
            ),
            (
                "Modern art museum day",
                "Spent an hour in front of one huge blue canvas.",
                ["207", "155"],
            ),
            ("Homemade candles for gifts", "Soy wax, cedar and orange scent.", ["250"]),
        ],
        "reels": [
            ("Speed painting a mountain sunset", "Acrylics, 45 minutes, sped up.", ["254"]),
            ("How to cast on for knitting", "Long-tail method, slow motion.", ["253"]),
            ("Ink drawing process", "Pencil, ink, erase, shade.", ["251"]),
            ("Woodturning a bowl", "Maple blank to finished bowl.", ["257"]),
        ],
        "groups": [
            (
                "Urban Sketchers Meetup",
                "Draw the city together every other Sunday.",
                ["251", "254"],
            ),
            ("Knitters & Crocheters", "Patterns, yarn swaps and finished object Fridays.", ["253"]),
            ("Weekend Woodworkers", "Projects, tool advice and shop tours.", ["257"]),
        ],
    },
    {
        "theme": "science",
        "authors": ["@stargazer_stu", "@field_notes_nadia"],
        "posts": [
            (
                "Saw Saturn's rings through my backyard telescope",
                "Tiny, but unmistakable. I yelled.",
                ["472"],
            ),
            (
                "Meteor shower tonight",
                "Peak around 2am; find a dark spot and let your eyes adjust.",
                ["472"],
            ),
            (
                "Rock hunting on the coast",
                "Found agates and a fossil shell after the storm.",
                ["470"],
            ),
            (
                "Why this winter may be warmer",
                "A quick explainer on this year's ocean patterns.",
                ["390", "467"],
            ),
        ],
        "reels": [
            ("The Moon through a phone held to a telescope", "Craters in crisp detail.", ["472"]),
            ("Cloud types in 30 seconds", "Cumulus, stratus, cirrus.", ["390"]),
            ("Tide pool life", "Anemones, crabs and a tiny octopus.", ["465"]),
        ],
        "groups": [
            ("Backyard Astronomers", "Telescope advice, sky events and astrophotography.", ["472"]),
            (
                "Citizen Science Projects",
                "Bird counts, weather logging and more ways to contribute.",
                ["464", "259"],
            ),
        ],
    },
    {
        "theme": "careers_education",
        "authors": ["@career_coach_kim", "@lingo_lou"],
        "posts": [
            (
                "Resume tip: lead with outcomes",
                "Cut tasks, add numbers. 'Cut costs 20%' beats 'managed budget'.",
                ["129"],
            ),
            (
                "Two years of remote work",
                "Office hours, a real desk and a walk at lunch saved me.",
                ["130"],
            ),
            (
                "Day 200 of learning Portuguese",
                "Watching soap operas with subtitles actually helps.",
                ["147"],
            ),
            (
                "How I prepared for a career switch",
                "Online courses, a small portfolio and lots of coffee chats.",
                ["126", "148"],
            ),
            (
                "Job fair tips",
                "Bring a one-line pitch, ask about the team, follow up the next day.",
                ["128"],
            ),
        ],
        "reels": [
            (
                "Interview question: tell me about yourself",
                "Past, present, future in 60 seconds.",
                ["125", "127"],
            ),
            ("Language flashcard routine", "Ten minutes, spaced repetition.", ["147"]),
        ],
        "groups": [
            (
                "Remote Jobs Board",
                "Vetted remote roles and advice for distributed work.",
                ["130", "127"],
            ),
            (
                "Language Exchange Partners",
                "Trade an hour of your language for an hour of theirs.",
                ["147"],
            ),
        ],
    },
    {
        "theme": "drinks",
        "authors": ["@cellar_notes_cam", "@latte_lab_lu"],
        "posts": [
            (
                "Natural wines worth trying",
                "Three bottles under $25 that aren't too funky.",
                ["211"],
            ),
            (
                "Home espresso setup",
                "A hand grinder and a lever machine. Slow, satisfying.",
                ["222"],
            ),
            ("Brewery tour recap", "Six tasters, a pretzel the size of my head.", ["211"]),
            ("Winter mocktails", "Cranberry, rosemary, ginger beer.", ["222", "279"]),
        ],
        "reels": [
            ("Latte art: the rosetta", "Wiggle, pull through.", ["222"]),
            ("Wine pairing cheat sheet", "Fish, steak, spicy food.", ["211", "216"]),
        ],
        "groups": [
            ("Home Coffee Nerds", "Grinders, beans, brew ratios.", ["222"]),
        ],
    },
    {
        "theme": "real_estate",
        "authors": ["@open_house_omar", "@renter_rhea"],
        "posts": [
            (
                "We bought our first house!",
                "Two years of saving and 14 offers later. Keys in hand.",
                ["451", "447"],
            ),
            (
                "Renting vs buying in this market",
                "Ran the numbers for our city; renting wins for now.",
                ["452", "87"],
            ),
            (
                "Cabin by the lake, a dream",
                "Looking at vacation properties near the trailheads.",
                ["444"],
            ),
        ],
        "reels": [
            ("Apartment tour: 450 sq ft", "Studio with a loft bed and a big window.", ["442"]),
        ],
        "groups": [
            (
                "First-Time Homebuyers",
                "Mortgages, inspections and closing questions.",
                ["451", "407"],
            ),
        ],
    },
    {
        "theme": "celebrations_events",
        "authors": ["@weddingplanner_wren", "@party_pia"],
        "posts": [
            (
                "Backyard wedding on a budget",
                "String lights, potluck desserts and a borrowed tent.",
                ["165"],
            ),
            (
                "Kid's dinosaur birthday party",
                "Fossil dig in the sandbox was the hit.",
                ["170", "161"],
            ),
            (
                "Fan convention cosplay debut",
                "Three months of foam armor, worth it.",
                ["185", "202"],
            ),
            ("Graduation party checklist", "Photo wall, food trucks, a playlist.", ["172"]),
        ],
        "reels": [
            ("Wedding first dance rehearsal", "We practiced for six weeks.", ["165", "203"]),
            ("Balloon arch DIY", "Two hours, 120 balloons.", ["161", "170"]),
        ],
        "groups": [
            ("Wedding Planning Help", "Vendors, budgets and timelines.", ["165"]),
            ("Cosplay Builders", "Armor, wigs, sewing and con schedules.", ["185", "202"]),
        ],
    },
    {
        "theme": "pop_culture",
        "authors": ["@gossip_gail", "@meme_mateo"],
        "posts": [
            ("Red carpet looks, ranked", "Bold colors won the night.", ["439", "162"]),
            (
                "That celebrity couple is back together",
                "Spotted at a café this morning, apparently.",
                ["437"],
            ),
            ("Memes of the week", "The office chair one had me crying.", ["440"]),
        ],
        "reels": [
            ("Awards show recap in 60 seconds", "Winners, snubs, outfits.", ["162", "439"]),
            ("Celebrity home tour reaction", "The kitchen has two islands.", ["435"]),
        ],
        "groups": [
            ("Pop Culture Chat", "Celebrity news, shows and memes.", ["432"]),
        ],
    },
    {
        "theme": "business",
        "authors": ["@founder_fran", "@smallbiz_sid"],
        "posts": [
            (
                "Our bakery's first year in numbers",
                "3,100 loaves, two ovens, one very tired owner.",
                ["60"],
            ),
            (
                "What I learned raising a seed round",
                "Talk to 50 investors; expect 48 nos.",
                ["61", "71"],
            ),
            (
                "Instagram marketing for small shops",
                "Behind-the-scenes posts beat polished ads for us.",
                ["58", "60"],
            ),
        ],
        "reels": [
            ("Packing orders for my shop", "Tissue paper, thank-you card, tape.", ["60"]),
        ],
        "groups": [
            ("Small Business Owners Network", "Marketing, hiring and cash-flow questions.", ["60"]),
        ],
    },
    {
        "theme": "shopping",
        "authors": ["@dealhunter_dani", "@giftguide_gwen"],
        "posts": [
            ("Holiday gift list done early", "Shopped small businesses this year.", ["478", "476"]),
            ("Coupon stacking at the grocery store", "Saved $38 on one trip.", ["474", "477"]),
            (
                "Black Friday: what was worth it",
                "Kitchen tools and winter boots. Skipped the TVs.",
                ["481", "478"],
            ),
        ],
        "reels": [
            ("Gift wrapping hacks", "No tape, one sheet of paper.", ["476"]),
            ("Under-$20 stocking stuffers", "Ten ideas in one minute.", ["478"]),
        ],
        "groups": [
            ("Deals & Coupons channel", "Daily discounts and promo codes.", ["474", "481"]),
        ],
    },
    {
        "theme": "hobbies",
        "authors": ["@birder_bea", "@boardgame_bram"],
        "posts": [
            (
                "Backyard bird count results",
                "Juncos, chickadees and a surprise woodpecker.",
                ["259"],
            ),
            ("Game night favorites", "Cooperative games for people who hate losing.", ["270"]),
            (
                "Our first tabletop campaign",
                "Session one: the party burned down the tavern.",
                ["272"],
            ),
            (
                "Family tree breakthrough",
                "Found my great-great-grandmother's ship record.",
                ["273"],
            ),
        ],
        "reels": [
            ("Bird call ID quiz", "Can you name all three?", ["259"]),
            ("Painting miniatures", "Base coat, wash, highlight.", ["242", "272"]),
        ],
        "groups": [
            ("Local Birders", "Sightings, walks and ID help.", ["259"]),
            ("Board Game Night Crew", "Weekly meetups and new game recommendations.", ["270"]),
            ("Genealogy Research Help", "Records, DNA questions and brick walls.", ["273"]),
        ],
    },
    {
        "theme": "healthy_eating",
        "authors": ["@plantplate_pia", "@macro_marco"],
        "posts": [
            (
                "High-protein vegetarian week",
                "Tofu scrambles, lentil curries and chickpea salads.",
                ["213", "229"],
            ),
            ("Smoothie bowl formula", "Frozen fruit, greens, seeds, something crunchy.", ["221"]),
            (
                "Walking 10,000 steps for a month",
                "Mostly lunchtime walks. Sleeping better already.",
                ["542", "232"],
            ),
        ],
        "reels": [
            ("Five-minute overnight oats", "Three flavors, one jar each.", ["221"]),
            ("Salad that isn't sad", "Crunch, acid, protein, fat.", ["221", "212"]),
        ],
        "groups": [
            (
                "Healthy Eating on a Budget",
                "Affordable, balanced recipes and meal plans.",
                ["221", "397"],
            ),
        ],
    },
    {
        "theme": "holidays",
        "authors": ["@festive_fern", "@cozy_kai"],
        "posts": [
            (
                "Thanksgiving table for 14",
                "Two turkeys, one oven, a lot of planning.",
                ["157", "279"],
            ),
            (
                "Holiday movie marathon list",
                "Classics first, then the cheesy ones.",
                ["649", "324"],
            ),
        ],
        "reels": [
            ("Decorating the tree in 30 seconds", "Lights first, always.", ["285", "649"]),
        ],
        "groups": [
            (
                "Holiday Crafts & Traditions",
                "Ornaments, recipes and family traditions to share.",
                ["1KXCLD", "248"],
            ),
        ],
    },
    # Sensitive topics: content describes itself, so these carry sensitive categories.
    # They stay out of personalization: no ad targets them, and profiles never use them.
    {
        "theme": "health_sensitive",
        "authors": ["@wellnotes_wynn", "@nurse_noor"],
        "posts": [
            (
                "Flu season is here",
                "Where to find walk-in clinics and what to keep at home.",
                ["315"],
            ),
            (
                "Living with type 1 diabetes",
                "A day of carb counting, pump alarms and small wins.",
                ["317"],
            ),
            ("Talking about anxiety at work", "What helped me ask for accommodations.", ["301"]),
        ],
        "reels": [
            ("Managing seasonal allergies", "A pharmacist's quick overview.", ["288"]),
        ],
        "groups": [
            (
                "Chronic Illness Support",
                "A moderated space to share experiences and resources.",
                ["287"],
            ),
        ],
    },
    {
        "theme": "religion_sensitive",
        "authors": ["@stillwater_sangha", "@choir_notes_claire"],
        "posts": [
            (
                "Advent calendar for our parish",
                "Daily readings and a candle for each week.",
                ["459"],
            ),
            (
                "Morning meditation retreat",
                "Three days of silence at the mountain monastery.",
                ["458"],
            ),
        ],
        "reels": [
            ("Hanukkah candle lighting", "The eighth night with the whole family.", ["462"]),
        ],
        "groups": [
            (
                "Interfaith Community Dinners",
                "Monthly potlucks bringing neighbors of all faiths together.",
                ["453"],
            ),
        ],
    },
    {
        "theme": "politics_sensitive",
        "authors": ["@civic_cleo", "@townhall_tomas"],
        "posts": [
            ("Local election guide", "Where to vote, what's on the ballot and key dates.", ["387"]),
            (
                "City council passes new housing policy",
                "What the zoning change means for renters.",
                ["388", "8YPBBL"],
            ),
        ],
        "reels": [
            ("How a bill becomes law", "In 45 seconds, with diagrams.", ["388"]),
        ],
        "groups": [
            (
                "Neighborhood Civic Forum",
                "Council agendas, public comment and local issues.",
                ["8YPBBL"],
            ),
        ],
    },
]

PEOPLE: list[dict[str, Any]] = [
    {
        "id": "alice",
        "name": "Alice",
        "country": "US",
        "birth_date": "1990-04-02",
        "accounts": [
            {"id": "fb:alice", "app": "facebook"},
            {"id": "ig:alice", "app": "instagram"},
            {"id": "wa:alice", "app": "whatsapp"},
        ],
        "center": "ac:alice",
        "linked": ["fb:alice", "ig:alice"],
        "bio": "Hikes most weekends; cooks; US. Facebook and Instagram linked, WhatsApp not.",
    },
    {
        "id": "marc",
        "name": "Marc",
        "country": "CA",
        "birth_date": "1985-11-19",
        "accounts": [
            {"id": "fb:marc", "app": "facebook"},
            {"id": "ig:marc", "app": "instagram"},
        ],
        "center": "ac:marc",
        "linked": ["fb:marc", "ig:marc"],
        "bio": "Montreal; hockey, EVs and weekend camping with two kids.",
    },
    {
        "id": "jordan",
        "name": "Jordan",
        "country": "US",
        "birth_date": "2009-09-10",
        "accounts": [
            {"id": "ig:jordan", "app": "instagram"},
            {"id": "wa:jordan", "app": "whatsapp"},
        ],
        "center": "ac:jordan",
        "linked": ["ig:jordan", "wa:jordan"],
        "bio": "16, US high schooler; gaming, basketball and music. A minor: no interest ads.",
    },
    {
        "id": "lena",
        "name": "Lena",
        "country": "DE",
        "birth_date": "1993-06-21",
        "accounts": [
            {"id": "fb:lena", "app": "facebook"},
            {"id": "ig:lena", "app": "instagram"},
        ],
        "center": "ac:lena",
        "linked": ["fb:lena", "ig:lena"],
        "bio": "Berlin; cycling, rail travel and photography. EU: excluded region.",
    },
    {
        "id": "oliver",
        "name": "Oliver",
        "country": "GB",
        "birth_date": "1979-02-14",
        "accounts": [
            {"id": "fb:oliver", "app": "facebook"},
            {"id": "wa:oliver", "app": "whatsapp"},
        ],
        "center": "ac:oliver",
        "linked": ["fb:oliver"],
        "bio": "Manchester; football, gardening and home repairs. UK: excluded region.",
    },
    {
        "id": "camila",
        "name": "Camila",
        "country": "BR",
        "birth_date": "1997-08-30",
        "accounts": [{"id": "wa:camila", "app": "whatsapp"}],
        "center": "ac:camila",
        "linked": ["wa:camila"],
        "bio": "São Paulo; only on WhatsApp; cooking, beach trips and personal finance.",
    },
]

# ---------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------

START = datetime(2025, 11, 15, tzinfo=UTC)
END = datetime(2025, 12, 20, 23, 59, tzinfo=UTC)
BUDGETS = [100.0, 250.0, 400.0, 500.0, 750.0, 1000.0, 1500.0, 2000.0, 3000.0, 5000.0]


def build_ads(rng: random.Random) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    advertisers: list[dict[str, Any]] = []
    ads: list[dict[str, Any]] = []
    for adv_id, name, countries, min_age, specs in ADVERTISERS:
        advertisers.append({"id": adv_id, "name": name})
        for slug, title, body, categories, interests in specs:
            bid_type = "cpm" if rng.random() < 0.3 else "cpc"
            bid = rng.uniform(2.0, 8.0) if bid_type == "cpm" else rng.uniform(0.5, 4.5)
            budget = rng.choice(BUDGETS)
            daily = max(10.0, round(budget / rng.choice([7, 10, 14, 20])))
            ads.append(
                {
                    "id": f"ad-{adv_id}-{slug}",
                    "advertiser": adv_id,
                    "title": title,
                    "body": body,
                    "image_url": None,
                    "landing_url": f"https://example.com/{adv_id}/{slug}",
                    "categories": list(categories),
                    "bid": round(bid * 4) / 4,
                    "bid_type": bid_type,
                    "budget": budget,
                    "daily_budget": float(daily),
                    "frequency_cap_per_day": rng.choice([2, 3, 3, 4, 5]),
                    "targeting": {
                        "interests": list(interests),
                        "countries": list(countries),
                        "min_age": min_age,
                        "max_age": None,
                    },
                }
            )
    return advertisers, ads


def _app(kind: str, title: str, rng: random.Random) -> str:
    roll = rng.random()
    if kind == "group":
        return "whatsapp" if "channel" in title.lower() else "facebook"
    if kind == "reel":
        return "instagram" if roll < 0.8 else "facebook"
    return "facebook" if roll < 0.55 else "instagram"


def build_content(rng: random.Random) -> list[dict[str, Any]]:
    counters: Counter[str] = Counter()
    items: list[dict[str, Any]] = []
    span = int((END - START).total_seconds())
    for theme in THEMES:
        authors: list[str] = theme["authors"]
        turn = 0
        for kind, key in (("post", "posts"), ("reel", "reels"), ("group", "groups")):
            entries: list[Entry] = theme[key]
            for title, text, categories in entries:
                counters[kind] += 1
                at = START + timedelta(seconds=rng.randrange(span) // 60 * 60)
                item: dict[str, Any] = {
                    "id": f"{kind}-{counters[kind]:04d}",
                    "kind": kind,
                    "title": title,
                    "body": text,  # a group's body is its description
                    "author": authors[turn % len(authors)],
                    "app": _app(kind, title, rng),
                    "categories": list(categories),
                    "created_at": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                }
                turn += 1
                items.append(item)
    return items


def build() -> dict[str, Any]:
    rng = random.Random(SEED)
    advertisers, ads = build_ads(rng)
    return {
        "attribution": ATTRIBUTION,
        "advertisers": advertisers,
        "ads": ads,
        "content": build_content(rng),
        "people": PEOPLE,
    }


# ---------------------------------------------------------------------------------------
# Checking
# ---------------------------------------------------------------------------------------


def check(catalog: dict[str, Any]) -> list[str]:
    """Problems with the catalog (empty list: fine); prints a summary."""
    sys.path.insert(0, str(ROOT / "src"))
    from chatsignals.domain.sensitive import sensitive_category_of_topic
    from chatsignals.domain.taxonomy import load_taxonomy

    tax = load_taxonomy()
    problems: list[str] = []
    adv_ids = [a["id"] for a in catalog["advertisers"]]
    ads = catalog["ads"]
    content = catalog["content"]
    ids = adv_ids + [a["id"] for a in ads] + [c["id"] for c in content]
    ids += [p["id"] for p in catalog["people"]]
    for dup, n in Counter(ids).items():
        if n > 1:
            problems.append(f"duplicate id {dup!r}")
    ad_tier1: set[str] = set()
    for ad in ads:
        if ad["advertiser"] not in adv_ids:
            problems.append(f"{ad['id']}: unknown advertiser")
        host = ad["landing_url"].split("/")[2]
        if host not in {"example.com", "example.org"}:
            problems.append(f"{ad['id']}: landing url host {host}")
        if not 0.5 <= ad["bid"] <= 8.0 or not 100 <= ad["budget"] <= 5000:
            problems.append(f"{ad['id']}: bid or budget out of range")
        for node in ad["categories"] + ad["targeting"]["interests"]:
            if node not in tax:
                problems.append(f"{ad['id']}: unknown node {node!r}")
            elif sensitive_category_of_topic(tax, node) is not None:
                problems.append(f"{ad['id']}: sensitive node {node!r}")
            elif tax.get(node).tier1 == "Sensitive Topics":
                problems.append(f"{ad['id']}: brand-safety node {node!r}")
        ad_tier1.update(tax.get(n).tier1 for n in ad["categories"] if n in tax)
    content_tier1: set[str] = set()
    for item in content:
        for node in item["categories"]:
            if node not in tax:
                problems.append(f"{item['id']}: unknown node {node!r}")
            else:
                content_tier1.add(tax.get(node).tier1)
    untargeted = sum(1 for ad in ads if not ad["targeting"]["interests"])
    kinds = Counter(item["kind"] for item in content)
    authors = {item["author"] for item in content}
    if len(adv_ids) < 30:
        problems.append(f"only {len(adv_ids)} advertisers")
    if len(ads) < 150:
        problems.append(f"only {len(ads)} ads")
    if len(ad_tier1) < 25:
        problems.append(f"ads cover only {len(ad_tier1)} tier-1 categories")
    if len(content) < 300:
        problems.append(f"only {len(content)} content items")
    if len(content_tier1) < 25:
        problems.append(f"content covers only {len(content_tier1)} tier-1 categories")
    print(
        f"advertisers={len(adv_ids)} ads={len(ads)} (untargeted {untargeted}, "
        f"tier-1s {len(ad_tier1)}) content={len(content)} {dict(kinds)} "
        f"(tier-1s {len(content_tier1)}, authors {len(authors)}) people={len(catalog['people'])}"
    )
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the existing file")
    args = parser.parse_args()
    if args.check:
        catalog = json.loads(OUT.read_text("utf-8"))
    else:
        catalog = build()
        OUT.write_text(json.dumps(catalog, indent=1, ensure_ascii=False) + "\n", "utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    problems = check(catalog)
    for problem in problems:
        print("problem:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
