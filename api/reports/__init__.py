"""What goes out as documents: JSON shapes of contracts, CSV/XLSX exports, the calendar feed."""
