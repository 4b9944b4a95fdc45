"""Publishing the commitment: indicators and their status (indicators, indicator_data), the
commitment as data (commitment), the Sitoumus 2050 export (sitoumus) and the GRI 305 / ESRS
E1-6 index (disclosure)."""
